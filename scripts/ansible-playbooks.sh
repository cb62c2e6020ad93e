# shellcheck shell=bash
# Source me: the playbooks of an Ansible directory, the one definition scripts/ansible-check.sh (lint) and
# scripts/ansible-syntax.sh (syntax check) share: every top-level *.yml except the vault files.
#   . scripts/ansible-playbooks.sh && homelab_playbooks   (in that directory: fills the array `playbooks`)
homelab_playbooks() {
  playbooks=()
  local f
  for f in ./*.yml; do case "$f" in ./vault*) ;; *) playbooks+=("${f#./}") ;; esac; done
}
