"""pve_network_vlan_aware: add VLAN awareness to named bridge stanzas of an ifupdown2 interfaces file.

Only the option lines of those stanzas change: `bridge-vlan-aware yes` and `bridge-vids` are added when missing
(a `bridge-vlan-aware no` becomes yes); every other line, the management address included, stays as it was.
"""


def _is_option(line):
    return line[:1] in (" ", "\t") and line.strip() != ""


def vlan_aware(text, bridges, vids="2-4094"):
    lines = text.splitlines()
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        words = line.split()
        if len(words) >= 2 and words[0] == "iface" and words[1] in bridges:
            out.append(line)
            i += 1
            options = []
            while i < len(lines) and _is_option(lines[i]):
                options.append(lines[i])
                i += 1
            indent = "\t"
            for opt in options:
                indent = opt[: len(opt) - len(opt.lstrip())] or indent
                break
            keys = [opt.split()[0] for opt in options]
            options = [indent + "bridge-vlan-aware yes" if opt.split()[0] == "bridge-vlan-aware" else opt for opt in options]
            if "bridge-vlan-aware" not in keys:
                options.append(indent + "bridge-vlan-aware yes")
            if "bridge-vids" not in keys:
                options.append(indent + "bridge-vids " + vids)
            out.extend(options)
            continue
        out.append(line)
        i += 1
    return "\n".join(out) + ("\n" if text.endswith("\n") or text == "" else "")


class FilterModule:
    def filters(self):
        return {"pve_network_vlan_aware": vlan_aware}
