import { rongtongProject } from '../../vitest.shared.js';

export default rongtongProject('opcua');
