import { withCheapTokenTraces } from '../../synth/tofu';

/** V8's stack-trace hook as a value (compared here, never called). */
const hook = (): unknown => Object.getOwnPropertyDescriptor(Error, 'prepareStackTrace')?.value;

describe('withCheapTokenTraces', () => {
  it('formats captures onto plain objects (cdktf token traces) as empty, real errors as usual, and restores the hook', () => {
    const before = hook();
    const seen = withCheapTokenTraces(() => {
      const capture = { stack: 'unset' };
      Error.captureStackTrace(capture);
      return { plain: capture.stack, error: new Error('boom').stack ?? '' };
    });
    expect(seen.plain).toBe('');
    expect(seen.error).toMatch(/^Error: boom\n\s+at /);
    expect(hook()).toBe(before);
  });

  it('restores the hook when the work throws', () => {
    const before = hook();
    expect(() =>
      withCheapTokenTraces(() => {
        throw new Error('inside');
      }),
    ).toThrow('inside');
    expect(hook()).toBe(before);
  });
});
