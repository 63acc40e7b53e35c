package link.buddyverse.ops.localaws;

/** The wire protocol of one request, as the gateway recognises it; it decides how an error is spelt. */
public enum Protocol {
    /** AWS JSON 1.0/1.1: POST /, X-Amz-Target: Prefix.Operation (DynamoDB, SSM, EventBridge, CloudWatch's JSON). */
    JSON,
    /** AWS query: form-encoded Action=Operation, XML answers (Auto Scaling, ELBv2, RDS, CloudFormation...). */
    QUERY,
    /** EC2's own dialect of the query protocol (errors under Response/Errors). */
    EC2_QUERY,
    /** REST with JSON bodies (EFS). */
    REST_JSON,
    /** REST with XML bodies (Route 53). */
    REST_XML,
    /** Smithy RPCv2 CBOR: POST /service/S/operation/O, smithy-protocol: rpc-v2-cbor (the SDK's CloudWatch). */
    RPCV2_CBOR
}
