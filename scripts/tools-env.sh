# shellcheck shell=bash
# Source me:  . scripts/tools-env.sh && homelab_require_tools tofu kubeconform
# Puts the tools installed by scripts/tools.sh on PATH and points OpenTofu at
# the local provider mirror (TF_CLI_CONFIG_FILE). homelab_require_tools TOOL...
# (tofu kubeconform kustomize task gitleaks ansible-playbook ansible-lint
# checkov kubernetes-validate) returns 1 with a hint if one is missing.
# Env: HOMELAB_TOOLS_DIR (default $HOME/.cache/homelab-platform-stack).
# Does not change shell options of the caller.

HOMELAB_TOOLS_DIR="${HOMELAB_TOOLS_DIR:-$HOME/.cache/homelab-platform-stack}"
export HOMELAB_TOOLS_DIR

case ":$PATH:" in
  *":$HOMELAB_TOOLS_DIR/bin:"*) ;;
  *) PATH="$HOMELAB_TOOLS_DIR/bin:$HOMELAB_TOOLS_DIR/venv/bin:$PATH" ;;
esac
export PATH
if [ -f "$HOMELAB_TOOLS_DIR/tofurc" ]; then
  export TF_CLI_CONFIG_FILE="$HOMELAB_TOOLS_DIR/tofurc"
fi
export CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR

homelab_require_tools() {
  local t missing=""
  for t in "$@"; do
    if [ ! -x "$HOMELAB_TOOLS_DIR/bin/$t" ] && [ ! -x "$HOMELAB_TOOLS_DIR/venv/bin/$t" ]; then
      missing="$missing $t"
    fi
  done
  if [ -n "$missing" ]; then
    echo "tools-env: missing:$missing in $HOMELAB_TOOLS_DIR" >&2
    echo "tools-env: run scripts/tools.sh (add --full for hashicorp/aws) to install them" >&2
    return 1
  fi
  if [ -z "${TF_CLI_CONFIG_FILE:-}" ]; then
    case " $* " in *" tofu "*)
      echo "tools-env: $HOMELAB_TOOLS_DIR/tofurc is missing: run scripts/tools.sh" >&2; return 1 ;;
    esac
  fi
  return 0
}
