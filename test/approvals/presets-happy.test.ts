import { evaluateApprovals } from '../../src/approvals/evaluate.js';
import { loadPolicyFixture, loadScenario } from './helpers.js';

describe.each(['bekasi', 'singkawang', 'balangan', 'lumajang', 'demak'])('preset %s', (name) => {
  it('approves the full happy path of its SOP, recording who took each step and the time against the Mutu Baku', () => {
    const scenario = loadScenario(`presets/${name}.happy.yaml`);
    const policy = loadPolicyFixture(scenario.policy);
    const result = evaluateApprovals(policy, scenario.input);

    expect(result.state).toBe(scenario.expect.state);
    expect(result.problems.filter((p) => p.severity !== 'note')).toEqual([]);
    if (scenario.expect.done !== undefined) expect(result.done).toBe(scenario.expect.done);
    if (scenario.expect.required !== undefined) expect(result.required).toBe(scenario.expect.required);
    if (scenario.expect.total) expect(result.total).toMatchObject(scenario.expect.total);
    // Every step of the policy appears, in SOP order, and matches what the scenario expects.
    expect(result.steps.map((s) => s.id)).toEqual(Object.keys(scenario.expect.steps));
    for (const step of result.steps) {
      const want = scenario.expect.steps[step.id]!;
      expect({ id: step.id, state: step.state }).toEqual({ id: step.id, state: want.state });
      if (want.by !== undefined) expect(step.by?.login).toBe(want.by);
      if (want.role !== undefined) expect(step.by?.role).toBe(want.role);
      if (want.elapsedS !== undefined) expect([step.id, step.elapsedS]).toEqual([step.id, want.elapsedS]);
      if (want.standardS !== undefined) expect([step.id, step.standardS]).toEqual([step.id, want.standardS]);
      if (want.late !== undefined) expect([step.id, step.late]).toEqual([step.id, want.late]);
      if (want.decision !== undefined) expect(step.decision?.answer).toBe(want.decision);
    }
  });
});
