# The build of one function, shared by every functions/<name>/Makefile, which sets two names and includes this:
#   FUNCTION := ScalingTunerFunction   (its logical id in template.yaml)
#   ARTIFACT := scaling-tuner          (its directory under functions/ and its jar's name)
#
# `sam build` (template.yaml: Metadata BuildMethod makefile) runs `make --makefile <function's Makefile>
# build-<FUNCTION>` with ARTIFACTS_DIR set, from a scratch copy of the function's directory. The module cannot
# build in that copy (its parent POM is ../../pom.xml), so the build runs in the repository these files live
# in, found from this file's own path: sam passes the original Makefile, not the copy, and it includes this
# file by its own path too.
#
# Lambda's Java runtime puts every jar in lib/ on the classpath, so the shaded deployment jar goes there as
# Maven built it (with its merged META-INF/services, which Micronaut's bean loading needs).

ROOT   := $(abspath $(dir $(lastword $(MAKEFILE_LIST)))..)
MODULE := functions/$(ARTIFACT)

.PHONY: build-$(FUNCTION)
build-$(FUNCTION):
ifndef ARTIFACTS_DIR
	$(error ARTIFACTS_DIR is not set: run `sam build` from the repository root rather than make)
endif
	cd "$(ROOT)" && ./mvnw -B -q -pl $(MODULE) -am package -DskipTests
	mkdir -p "$(ARTIFACTS_DIR)/lib"
	cp "$(ROOT)/$(MODULE)/target/$(ARTIFACT).jar" "$(ARTIFACTS_DIR)/lib/$(ARTIFACT).jar"
