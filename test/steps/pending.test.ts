import type { ListedComment } from '../../src/github/comment-commands.js';
import { pendingCommands } from '../../src/steps/pending.js';
import { answerLine, readAnswer, STEP_REPLY_MARKER } from '../../src/steps/reply.js';

const at = (minute: number) => `2026-11-17T03:${String(minute).padStart(2, '0')}:00Z`;
const person = (id: number, author: string, body: string, minute: number): ListedComment => ({ id, author, authorType: 'User', body, createdAt: at(minute), issue: 7, own: false });
const bot = (id: number, body: string, minute: number, own = true): ListedComment => ({ id, author: 'github-actions[bot]', authorType: 'Bot', body, createdAt: at(minute), issue: 7, own });
const reply = (answers: number, kind: 'recorded' | 'already' | 'refused') => `${STEP_REPLY_MARKER}\n${answerLine(answers, kind)}\n✅ …\n`;
const ownOf = (c: ListedComment) => ({ comment: c, command: { kind: 'command' as const, keyword: 'langkah' as const, step: c.body.split(' ')[1]! } });
const summary = (list: ReturnType<typeof pendingCommands>) => list.map((p) => `${p.comment.id}${p.prior ? ` ${p.prior}` : ''}`);

describe('pendingCommands: the commands a run handles, and how each was answered', () => {
  test('every person\'s command before the run\'s own comment, in comment order, then its own; later ones and non-commands are left', () => {
    const own = person(5, 'kasi', '/langkah c', 8);
    const conversation = [
      person(3, 'kasi', '/langkah b', 4),
      person(1, 'admin', '/langkah a', 0),
      person(2, 'kabid', 'Terima kasih.\n/langkah x', 2),
      bot(4, '/langkah x', 3, false),
      own,
      person(6, 'sekdis', '/langkah d', 9),
    ];
    expect(summary(pendingCommands(conversation, ownOf(own)))).toEqual(['1', '3', '5']);
  });

  test('the run\'s own comment is handled even when the listing does not hold it yet', () => {
    const own = person(9, 'kasi', '/langkah c', 8);
    expect(summary(pendingCommands([person(1, 'admin', '/langkah a', 0)], ownOf(own)))).toEqual(['1', '9']);
  });

  test('a reply of the bot\'s own names the command it answered and how; a person\'s or another bot\'s copy does not count', () => {
    const own = person(5, 'kasi', '/langkah c', 8);
    const conversation = [
      person(1, 'admin', '/langkah a', 0),
      bot(2, reply(1, 'recorded'), 1),
      person(3, 'kasi', '/langkah b', 2),
      person(4, 'orang-lain', reply(3, 'refused'), 3),
      bot(6, reply(3, 'refused'), 4, false),
      own,
      bot(7, reply(5, 'already'), 9),
    ];
    expect(summary(pendingCommands(conversation, ownOf(own)))).toEqual(['1 recorded', '3', '5 already']);
  });

  test('a reply of an earlier version (no comment named): every command before it counts as answered', () => {
    const own = person(5, 'kasi', '/langkah c', 8);
    const conversation = [person(1, 'admin', '/langkah a', 0), bot(2, `${STEP_REPLY_MARKER}\n✅ …`, 1), person(3, 'kasi', '/langkah b', 2), own];
    expect(summary(pendingCommands(conversation, ownOf(own)))).toEqual(['1 answered', '3', '5']);
  });

  test('readAnswer reads only a reply of `subdomain step`', () => {
    expect(readAnswer(reply(42, 'refused'))).toEqual({ commentId: 42, kind: 'refused' });
    expect(readAnswer(`${STEP_REPLY_MARKER}\r\n${answerLine(7, 'recorded')}\r\n`)).toEqual({ commentId: 7, kind: 'recorded' });
    expect(readAnswer(`${STEP_REPLY_MARKER}\nbody`)).toBe('legacy');
    expect(readAnswer(`quote\n${reply(42, 'recorded')}`)).toBeUndefined();
  });
});
