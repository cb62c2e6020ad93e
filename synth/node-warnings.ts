/**
 * One known warning of a dependency, kept out of the synth's output: cdktf 0.21 (the last release; the project is
 * sunset upstream) checks `util.isArray` in TerraformOutput, which Node ≥ 22 reports as deprecated (DEP0044) on every
 * synth. Exactly that code is dropped; every other warning still reaches stderr, so a new one stays visible.
 */
const SILENCED = new Set(['DEP0044']);

const emit: (...args: unknown[]) => void = process.emitWarning.bind(process) as (...args: unknown[]) => void;

/** The code of a warning as process.emitWarning receives it: (warning, type, code, ctor) or (warning, { code }). */
export function warningCode(args: readonly unknown[]): string | undefined {
  const [warning, second, third] = args;
  if (warning instanceof Error) {
    const code = (warning as Error & { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  if (typeof second === 'object' && second !== null) {
    const code = (second as { code?: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return typeof third === 'string' ? third : undefined;
}

process.emitWarning = (...args: unknown[]) => {
  const code = warningCode(args);
  if (code !== undefined && SILENCED.has(code)) return;
  emit(...args);
};
