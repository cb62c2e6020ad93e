"""ansible-lint as `scripts/ansible-check.sh` runs it: the pinned ansible-lint with every rule and the production
profile, minus one duplicate step, its syntax check.

ansible-lint syntax-checks by starting `ansible-playbook --syntax-check` once per playbook, once per role (a temporary
playbook around each) and once more per playbook that site.yml imports: about 45 starts, 34 of its 40 CPU-seconds
here. ansible-check.sh runs the same check in ONE start, over every playbook and a playbook that imports every role
(so a role no playbook uses is checked too), and fails on its errors. Two switches turn ansible-lint's copy off:
- `Options._skip_ansible_syntax_check`, which ansible-lint sets itself when it re-runs rules after a fix; it has no
  command-line flag, so it is set on the options it parses;
- `Runtime.has_playbook` (ansible-compat), asked for every `import_playbook` target, answers yes for a file that
  exists: the one syntax-check start loads site.yml with all its imports, and a missing file is still reported by
  ansible-lint (it checks that the file exists before asking).

Usage: python scripts/ansible-lint.py [ansible-lint arguments]   (the venv's python: tools-env.sh puts it first)
"""

import sys

from ansible_compat.runtime import Runtime
from ansiblelint import cli
from ansiblelint.__main__ import _run_cli_entrypoint

_parse = cli.get_config


def _without_syntax_check(arguments):
    options = _parse(arguments)
    if not hasattr(options, "_skip_ansible_syntax_check"):
        raise SystemExit(
            "scripts/ansible-lint.py: this ansible-lint has no _skip_ansible_syntax_check option "
            "(pinned in tools/pins.json): check scripts/ansible-lint.py against its runner"
        )
    options._skip_ansible_syntax_check = True
    return options


def _checked_by_ansible_syntax(_runtime, _playbook, *, basedir=None):  # noqa: ARG001 - Runtime.has_playbook's signature
    return True


for owner, name in ((cli, "get_config"), (Runtime, "has_playbook")):
    if not callable(getattr(owner, name, None)):
        raise SystemExit(f"scripts/ansible-lint.py: this ansible-lint has no {owner.__name__}.{name}: check the wrapper against it")
cli.get_config = _without_syntax_check
Runtime.has_playbook = _checked_by_ansible_syntax

if __name__ == "__main__":
    sys.argv[0] = "ansible-lint"
    sys.exit(_run_cli_entrypoint())
