import { agentConfigJsonSchema } from '../config/agent-json-schema.js';
import { parseCliArgs } from '@rongtong/runtime';
import type { Command } from './command.js';

/** `rongtong-agent schema`: prints the JSON Schema of agent.yaml (for editors and CI). */
export const schemaCommand: Command = {
  name: 'schema',
  summary: 'print the JSON Schema of agent.yaml',
  usage: `usage: rongtong-agent schema
Prints the JSON Schema (draft 2020-12) of agent.yaml, generated from the schema validate uses.
Save it and point your editor at it, e.g. in agent.yaml:  # yaml-language-server: $schema=./agent.schema.json`,
  run(argv, io) {
    parseCliArgs(argv, {});
    io.out(JSON.stringify(agentConfigJsonSchema(), null, 2));
    return Promise.resolve(0);
  },
};
