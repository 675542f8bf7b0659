import { rongtongProject } from '../vitest.shared.js';

export default rongtongProject('tooling', { include: ['*.test.ts'] });
