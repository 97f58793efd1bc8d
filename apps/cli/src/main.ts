// The command line's entry. A help request (`--help`, `-h`, `help`, no command) is answered from the
// help snapshot the build writes (help-snapshot.ts), in a few milliseconds and without opening the
// database; anything else, or a snapshot missing or stale, boots the application (cli-boot.ts).
import { join } from 'node:path';

import { answerHelpFromSnapshot, HELP_SNAPSHOT_FILE } from './help-snapshot';

const snapshot = join(__dirname, '..', HELP_SNAPSHOT_FILE);
const distRoot = join(__dirname, '..', '..', '..');

if (!answerHelpFromSnapshot(process.argv, snapshot, distRoot)) {
  // Loaded only now: requiring the application's module graph is what makes a command slow to start.
  import('./cli-boot.js')
    .then(({ bootCli }) => bootCli())
    .catch((error: unknown) => {
      process.stderr.write(
        `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exit(1);
    });
}
