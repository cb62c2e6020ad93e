/**
 * Flux's post-build substitution (kustomize-controller `spec.postBuild`), as fluxcd/pkg/envsubst evaluates it on the
 * YAML text of each object: only `${…}` is an expression (a bare `$VAR` stays as written), `$${` is an escaped
 * literal `${`, and these forms are supported (bash semantics):
 *   ${var}  ${#var}  ${var^} ${var^^} ${var,} ${var,,}  ${var:n} ${var:n:len}
 *   ${var#pat} ${var##pat} ${var%pat} ${var%%pat}  ${var-d} ${var:-d} ${var=d} ${var:=d}
 *   ${var/pat/rep} ${var//pat/rep} ${var/#pat/rep} ${var/%pat/rep}
 * Patterns are shell globs (`*`, `?`, `[…]`). `${var+x}`, `${var:+x}` and `${var:?x}` are not supported by Flux and
 * are reported as errors here. Variable names are letters, digits and `_`. We substitute strictly (Flux's
 * StrictPostBuildSubstitutions): a variable without a value and without a default is an error, never an empty string.
 */

export class SubstitutionError extends Error {}

/** A shell glob as a regular expression source (no anchors). */
function globSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) out += '\\[';
      else {
        const body = pattern.slice(i + 1, end);
        out += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`.replace(/\\/g, '\\\\');
        i = end;
      }
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

/** Shortest or longest match of a glob at the start or the end of a value (bash `#`, `##`, `%`, `%%`). */
function strip(value: string, pattern: string, fromStart: boolean, longest: boolean): string {
  const re = new RegExp(`^${globSource(pattern)}$`);
  const lengths = [...Array(value.length + 1).keys()];
  if (longest) lengths.reverse();
  for (const n of lengths) {
    const part = fromStart ? value.slice(0, n) : value.slice(value.length - n);
    if (re.test(part)) return fromStart ? value.slice(n) : value.slice(0, value.length - n);
  }
  return value;
}

function replace(value: string, op: '/' | '//' | '/#' | '/%', pattern: string, replacement: string): string {
  const src = globSource(pattern);
  if (op === '/#') return value.replace(new RegExp(`^${src}`), () => replacement);
  if (op === '/%') return value.replace(new RegExp(`${src}$`), () => replacement);
  return value.replace(new RegExp(src, op === '//' ? 'g' : ''), () => replacement);
}

const NAME = /^[\p{L}\p{N}_]+/u;

/** Evaluates one expression (the text between `${` and `}`). */
function evaluate(expr: string, lookup: (name: string) => string | undefined, where: string): string {
  if (expr.startsWith('#') && expr.length > 1) {
    const name = expr.slice(1);
    if (NAME.exec(name)?.[0] !== name) throw new SubstitutionError(`${where}: \${${expr}} is not a valid expression`);
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- code points, as envsubst counts ${#NAME}, not graphemes
    return String([...required(name, lookup, where)].length);
  }
  const m = NAME.exec(expr);
  if (m === null) throw new SubstitutionError(`${where}: \${${expr}} does not start with a variable name (letters, digits, _)`);
  const name = m[0];
  const rest = expr.slice(name.length);
  const value = lookup(name);
  if (rest === '') return required(name, lookup, where);
  // Defaults: -, :-, =, := (the value of the default is itself substituted).
  const def = /^(:?)([-=])([\s\S]*)$/.exec(rest);
  if (def !== null) {
    const unset = value === undefined || (def[1] === ':' && value === '');
    return unset ? substitute(def[3], lookup, where) : value;
  }
  if (/^:?[+?]/.test(rest))
    throw new SubstitutionError(
      `${where}: \${${expr}} uses ${rest.startsWith(':') ? rest.slice(0, 2) : rest[0]}, which Flux does not support (only -, :-, =, := defaults)`,
    );
  const v = required(name, lookup, where);
  if (rest === '^') return v.charAt(0).toUpperCase() + v.slice(1);
  if (rest === '^^') return v.toUpperCase();
  if (rest === ',') return v.charAt(0).toLowerCase() + v.slice(1);
  if (rest === ',,') return v.toLowerCase();
  const sub = /^:(\d+)(?::(\d+))?$/.exec(rest);
  if (sub !== null) {
    // eslint-disable-next-line @typescript-eslint/no-misused-spread -- offsets count code points, as envsubst does, not graphemes
    const chars = [...v];
    const from = Number(sub[1]);
    const length = sub.at(2);
    return chars.slice(from, length === undefined ? undefined : from + Number(length)).join('');
  }
  const cut = /^(##|#|%%|%)([\s\S]*)$/.exec(rest);
  if (cut !== null) return strip(v, cut[2], cut[1].startsWith('#'), cut[1].length === 2);
  const rep = /^(\/\/|\/#|\/%|\/)((?:\\.|[^/])*)(?:\/([\s\S]*))?$/.exec(rest);
  if (rep !== null) {
    return replace(v, rep[1] as '/' | '//' | '/#' | '/%', rep[2].replace(/\\([/\\])/g, '$1'), rep.at(3) ?? '');
  }
  throw new SubstitutionError(`${where}: \${${expr}} is not an expression Flux supports`);
}

function required(name: string, lookup: (name: string) => string | undefined, where: string): string {
  const value = lookup(name);
  if (value === undefined) throw new SubstitutionError(`${where}: variable ${name} has no value and no default (strict substitution)`);
  return value;
}

/**
 * Substitutes every `${…}` of a text. `where` names the object in errors. Throws SubstitutionError listing the first
 * problem (unterminated expression, unsupported form, missing variable).
 */
export function substitute(text: string, lookup: (name: string) => string | undefined, where: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const at = text.indexOf('$', i);
    if (at < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, at);
    if (text.startsWith('$${', at)) {
      out += '${';
      i = at + 3;
      continue;
    } // escaped literal
    if (!text.startsWith('${', at)) {
      out += '$';
      i = at + 1;
      continue;
    }
    // The expression ends at the first `}` not inside a nested `${…}` (defaults may nest).
    let depth = 0;
    let end = -1;
    for (let j = at + 2; j < text.length; j++) {
      if (text.startsWith('${', j)) {
        depth++;
        j++;
      } else if (text[j] === '}') {
        if (depth === 0) {
          end = j;
          break;
        }
        depth--;
      }
    }
    if (end < 0) throw new SubstitutionError(`${where}: unterminated \${ at offset ${at}`);
    out += evaluate(text.slice(at + 2, end), lookup, where);
    i = end + 1;
  }
  return out;
}

/** The names of the variables a text uses (escaped `$${…}` excluded), for reporting. */
export function variablesIn(text: string): string[] {
  const names = new Set<string>();
  const re = /(\$?)\$\{#?([\p{L}\p{N}_]+)/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) if (m[1] === '') names.add(m[2]);
  return [...names].sort();
}
