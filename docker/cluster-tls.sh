#!/usr/bin/env bash
# Makes the key and trust stores of the clustered event bus's mutual TLS (CLUSTER_TLS_*) with the JDK's keytool:
#   DIR/ca.p12     the deployment's own CA (its private key signs node certificates; keep it off the nodes)
#   DIR/node.p12   a node key pair signed by that CA: CLUSTER_TLS_KEYSTORE (every node may share it)
#   DIR/trust.p12  the CA certificate alone: CLUSTER_TLS_TRUSTSTORE (a node accepts exactly the certificates it signed)
# Usage: CLUSTER_TLS_PASSWORD=... docker/cluster-tls.sh [DIR]   (DIR defaults to docker/tls; the password, at least
# 6 characters, protects the three stores; without it a random one is made and printed). Existing stores are kept:
# delete DIR to start over. Another node certificate from the same CA: NODE=name docker/cluster-tls.sh DIR.
set -euo pipefail
DIR=${1:-$(dirname "$0")/tls}
DAYS=${CLUSTER_TLS_DAYS:-825}
NAME=${CLUSTER_NAME:-orderly}
NODE=${NODE:-node}
KEYTOOL=${KEYTOOL:-keytool}
command -v "$KEYTOOL" >/dev/null || { echo "cluster-tls: keytool not found (install a JDK or set KEYTOOL)" >&2; exit 1; }
if [ -z "${CLUSTER_TLS_PASSWORD:-}" ]; then
  CLUSTER_TLS_PASSWORD=$(head -c 24 /dev/urandom | base64 | tr -d '/+=' | head -c 24)
  echo "cluster-tls: no CLUSTER_TLS_PASSWORD given; made one (set it for the nodes as below)" >&2
  PRINT_PASSWORD=1
fi
PW=$CLUSTER_TLS_PASSWORD
mkdir -p "$DIR"
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

if [ ! -f "$DIR/ca.p12" ]; then
  "$KEYTOOL" -genkeypair -alias ca -keyalg EC -groupname secp256r1 -dname "CN=$NAME cluster CA" -ext bc:c -validity "$DAYS" \
    -storetype PKCS12 -keystore "$WORK/ca.p12" -storepass "$PW" -keypass "$PW" 2>/dev/null
  mv "$WORK/ca.p12" "$DIR/ca.p12"
  chmod 600 "$DIR/ca.p12"
fi
"$KEYTOOL" -exportcert -rfc -alias ca -keystore "$DIR/ca.p12" -storepass "$PW" -file "$WORK/ca.pem" 2>/dev/null

if [ ! -f "$DIR/$NODE.p12" ]; then
  "$KEYTOOL" -genkeypair -alias "$NODE" -keyalg EC -groupname secp256r1 -dname "CN=$NAME $NODE" -validity "$DAYS" \
    -storetype PKCS12 -keystore "$WORK/node.p12" -storepass "$PW" -keypass "$PW" 2>/dev/null
  "$KEYTOOL" -certreq -alias "$NODE" -keystore "$WORK/node.p12" -storepass "$PW" -file "$WORK/node.csr" 2>/dev/null
  # one certificate for both ends of a bus connection: every node is a TLS server and a TLS client
  "$KEYTOOL" -gencert -rfc -alias ca -keystore "$DIR/ca.p12" -storepass "$PW" -infile "$WORK/node.csr" -outfile "$WORK/node.pem" \
    -validity "$DAYS" -ext ku:c=digitalSignature -ext eku=serverAuth,clientAuth 2>/dev/null
  # the CA first, so that keytool accepts the signed certificate as the key's chain; then it is not needed there
  "$KEYTOOL" -importcert -noprompt -alias ca -file "$WORK/ca.pem" -keystore "$WORK/node.p12" -storepass "$PW" 2>/dev/null
  "$KEYTOOL" -importcert -alias "$NODE" -file "$WORK/node.pem" -keystore "$WORK/node.p12" -storepass "$PW" 2>/dev/null
  "$KEYTOOL" -delete -alias ca -keystore "$WORK/node.p12" -storepass "$PW" 2>/dev/null
  mv "$WORK/node.p12" "$DIR/$NODE.p12"
  # the container's user (orderly) must read it; the password protects the key
  chmod 644 "$DIR/$NODE.p12"
fi

if [ ! -f "$DIR/trust.p12" ]; then
  "$KEYTOOL" -importcert -noprompt -alias ca -file "$WORK/ca.pem" -storetype PKCS12 -keystore "$WORK/trust.p12" -storepass "$PW" 2>/dev/null
  mv "$WORK/trust.p12" "$DIR/trust.p12"
  chmod 644 "$DIR/trust.p12"
fi

echo "cluster-tls: stores in $DIR: $NODE.p12 (CLUSTER_TLS_KEYSTORE), trust.p12 (CLUSTER_TLS_TRUSTSTORE); keep ca.p12 off the nodes" >&2
if [ -n "${PRINT_PASSWORD:-}" ]; then echo "export CLUSTER_TLS_PASSWORD=$PW"; fi
