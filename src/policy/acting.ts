import { ACTING_PREFIX, sameLogin, type Period } from '../approvals/roles.js';
import { msg, problem, type Problem } from '../model/problem.js';
import type { YamlSource } from '../model/yaml-source.js';
import type { ResolvedPolicy } from './policy.js';

/**
 * The acting officials (Plh./Plt.) of the policy: `roles.<key>.acting` and `office.head.acting`.
 * Errors: a period that ends before it begins (`policy/acting-period`), and two appointments
 * of one post whose periods share a day (`policy/acting-overlap`: which letter counts that day
 * would be a guess). Warning: an acting login that is also a listed user of another role
 * (`policy/acting-also-holder`): one person fills one role per request, so in their period they
 * can take only one of the two roles of a request.
 */
export function checkActingAppointments(policy: Pick<ResolvedPolicy, 'roles' | 'office'>, source: YamlSource): Problem[] {
  const problems: Problem[] = [];
  const lists: { path: (string | number)[]; post: string; appointments: (Period & { kind: 'plh' | 'plt'; login?: string })[] }[] = [];
  for (const [key, role] of Object.entries(policy.roles)) {
    if (role.acting) lists.push({ path: ['roles', key, 'acting'], post: role.title ?? key, appointments: role.acting });
  }
  if (policy.office.head?.acting) lists.push({ path: ['office', 'head', 'acting'], post: policy.office.head.title ?? 'Kepala Dinas', appointments: policy.office.head.acting });

  for (const { path, post, appointments } of lists) {
    appointments.forEach((a, i) => {
      if (a.until < a.from) {
        problems.push(problem(source.file, 'policy/acting-period', msg(
          `Masa ${ACTING_PREFIX[a.kind]} ${post} berakhir (${a.until}) sebelum mulai (${a.from}): \`until\` harus sama dengan atau sesudah \`from\`.`,
          `The ${ACTING_PREFIX[a.kind]} ${post} period ends (${a.until}) before it begins (${a.from}): \`until\` must be on or after \`from\`.`),
        source.positionOf([...path, i, 'until'])));
        return;
      }
      const clash = appointments.findIndex((b, j) => j < i && b.from <= b.until && b.from <= a.until && a.from <= b.until);
      if (clash >= 0) {
        const b = appointments[clash]!;
        problems.push(problem(source.file, 'policy/acting-overlap', msg(
          `Masa ${ACTING_PREFIX[a.kind]} ${post} ${a.from} s.d. ${a.until} bertumpang tindih dengan ${ACTING_PREFIX[b.kind]} ${b.from} s.d. ${b.until}: satu jabatan hanya punya satu pelaksana pada satu hari.`,
          `The ${ACTING_PREFIX[a.kind]} ${post} period ${a.from} to ${a.until} overlaps ${ACTING_PREFIX[b.kind]} ${b.from} to ${b.until}: a post has one acting holder on any day.`),
        source.positionOf([...path, i, 'from'])));
      }
    });
  }

  for (const [key, role] of Object.entries(policy.roles)) {
    (role.acting ?? []).forEach((a, i) => {
      for (const [other, holder] of Object.entries(policy.roles)) {
        if (other === key || !(holder.users ?? []).some((u) => sameLogin(u, a.login))) continue;
        problems.push(problem(source.file, 'policy/acting-also-holder', msg(
          `@${a.login} adalah ${ACTING_PREFIX[a.kind]} ${role.title ?? key} dan juga pemegang peran ${holder.title ?? other}: satu orang hanya mengisi satu peran per permohonan, jadi dalam masa ${a.from} s.d. ${a.until} ia hanya dapat mengambil salah satunya.`,
          `@${a.login} is ${ACTING_PREFIX[a.kind]} ${role.title ?? key} and also holds the role ${holder.title ?? other}: one person fills one role per request, so from ${a.from} to ${a.until} they can take only one of them.`),
        source.positionOf(['roles', key, 'acting', i, 'login']), 'warning'));
      }
    });
  }
  return problems;
}
