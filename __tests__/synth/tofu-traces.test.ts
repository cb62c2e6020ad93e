import { withCheapTokenTraces } from '../../synth/tofu';

describe('withCheapTokenTraces', () => {
  it('formats captures onto plain objects (cdktf token traces) as empty, real errors as usual, and restores the hook', () => {
    const before = Error.prepareStackTrace;
    const seen = withCheapTokenTraces(() => {
      const capture = { stack: 'unset' };
      Error.captureStackTrace(capture);
      return { plain: capture.stack, error: new Error('boom').stack ?? '' };
    });
    expect(seen.plain).toBe('');
    expect(seen.error).toMatch(/^Error: boom\n\s+at /);
    expect(Error.prepareStackTrace).toBe(before);
  });

  it('restores the hook when the work throws', () => {
    const before = Error.prepareStackTrace;
    expect(() => withCheapTokenTraces(() => { throw new Error('inside'); })).toThrow('inside');
    expect(Error.prepareStackTrace).toBe(before);
  });
});
