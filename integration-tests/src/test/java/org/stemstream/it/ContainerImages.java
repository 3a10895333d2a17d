package org.stemstream.it;

/** Container images used when a Docker engine is present; the one place their names live. */
final class ContainerImages {
    static final String KAFKA = "apache/kafka:4.1.1";
    static final String APICURIO = "apicurio/apicurio-registry-mem:2.4.2.Final";

    private ContainerImages() {
    }
}
