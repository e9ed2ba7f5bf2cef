import { describe, expect, it } from 'vitest';
import { compile, tryCompile } from './expression.js';
import { compileTemplate, tryCompileTemplate } from './template.js';

const context = { input: { pin: '123456', tags: ['a', 'b'] }, target: { key: 'a b/c' }, entity: null };

describe('expressions', () => {
  it('evaluates JSONata over the context and returns plain JSON', async () => {
    const body = compile('{"pin": input.pin, "n": $count(input.tags), "missing": entity.name}', 'body');
    await expect(body.evaluate(context)).resolves.toEqual({ pin: '123456', n: 2 });
    const seq = await compile('input.tags.$uppercase($)', 'x').evaluate(context);
    expect(seq).toEqual(['A', 'B']);
    expect(Array.isArray(seq)).toBe(true);
  });

  it('names the field and position of a syntax error', () => {
    expect(tryCompile('{"a": input.pin', 'body.definition.requests.0.body')).toEqual({
      path: 'body.definition.requests.0.body',
      reason: expect.stringMatching(/character \d+/),
    });
  });

  it('compiles each source once per field, and the one compiled expression serves concurrent evaluations', async () => {
    const src = '($n := subject.n; $sum([1..$n]))';
    const first = compile(src, 'steps.a.value');
    expect(compile(src, 'steps.a.value')).toBe(first);
    expect(compile(src, 'steps.b.value')).not.toBe(first);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => compile(src, 'steps.a.value').evaluate({ subject: { n: i } })),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => (i * (i + 1)) / 2));
    // A broken source is not kept: it fails the same way each time.
    expect(tryCompile('(', 'x')).toEqual(tryCompile('(', 'x'));
  });

  it('stops a runaway expression instead of hanging the server', async () => {
    const loop = compile('($f := function($n){ $f($n + 1) }; $f(0))', 'output');
    await expect(loop.evaluate({})).rejects.toMatchObject({
      status: 400,
      details: [expect.objectContaining({ path: 'output' })],
    });
  });
});

describe('templates', () => {
  it('keeps literal text and fills each hole, encoding only the holes', async () => {
    const url = compileTemplate('/users/{{ target.key }}/pin/{{input.pin}}?x=1', 'url');
    expect(url.literal).toBe(false);
    await expect(url.render(context, encodeURIComponent)).resolves.toBe('/users/a%20b%2Fc/pin/123456?x=1');
    expect(compileTemplate('/ping', 'url').literal).toBe(true);
  });

  it('refuses to render a hole without a value, naming it', async () => {
    const url = compileTemplate('/users/{{ entity.id }}/suspend', 'body.url');
    await expect(url.render(context)).rejects.toMatchObject({
      details: [{ path: 'body.url', reason: '{{ entity.id }} evaluated to nothing' }],
    });
  });

  it('reports every broken hole and unclosed braces', () => {
    const problems = tryCompileTemplate('/a/{{ }}/b/{{ input. }}/c/{{ x', 'url');
    expect(Array.isArray(problems) ? problems.map((p) => p.reason) : []).toEqual([
      expect.stringContaining('empty {{ }}'),
      expect.stringContaining('in {{ input. }}'),
      'an opening {{ has no closing }}',
    ]);
  });
});
