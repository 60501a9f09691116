import { formatPath, getPath, joinPath, parsePath } from './paths';

describe('parsePath', () => {
  test('reads dots, indexes and bracket keys', () => {
    expect(parsePath('requestObject.spec.containers[2].image')).toEqual(['requestObject', 'spec', 'containers', 2, 'image']);
    expect(parsePath('annotations["authorization.k8s.io/decision"]')).toEqual(['annotations', 'authorization.k8s.io/decision']);
  });

  test.each([[''], ['a..b'], ['a['], ['a[x]'], ['.a'], ['a["b"c]'], ['1a']])('rejects %j', (path) => {
    expect(() => parsePath(path)).toThrow(/Invalid field path/);
  });

  test('formats back to the LogQL json expression form', () => {
    for (const path of ['objectRef.resource', 'a.b[0].c', 'output_fields["k8s.ns.name"]', 'x["a-b"][3]']) {
      expect(formatPath(parsePath(path))).toBe(path);
    }
  });

  test('joins an element path', () => {
    expect(joinPath('requestObject.spec.volumes', 3, 'hostPath.path')).toBe('requestObject.spec.volumes[3].hostPath.path');
  });
});

describe('getPath', () => {
  const event = { a: { b: [{ c: 1 }, null] }, k: { 'x.y': 'z' } };

  test('reads nested values', () => {
    expect(getPath(event, parsePath('a.b[0].c'))).toBe(1);
    expect(getPath(event, parsePath('k["x.y"]'))).toBe('z');
  });

  test('yields undefined for a missing or mistyped step', () => {
    expect(getPath(event, parsePath('a.b[5].c'))).toBeUndefined();
    expect(getPath(event, parsePath('a.b.c'))).toBeUndefined();
    expect(getPath(event, parsePath('a[0]'))).toBeUndefined();
    expect(getPath(event, parsePath('a.b[1].c'))).toBeUndefined();
  });
});
