// Questions to the user: inquirer on a terminal, kubectl's plain line on a pipe. Loaded
// only by the commands that ask, so nothing else pays for inquirer at start-up.
// Two prompts from their own packages, not @inquirer/prompts, whose index would bundle
// every prompt, the editor's encoding tables included.
import input from '@inquirer/input';
import select from '@inquirer/select';

/** kubectl's "(y/n)" question: only an answer of y or Y goes ahead; anything else, or no answer, does not. */
export async function askYesNo(question: string): Promise<boolean> {
  const answer = process.stdin.isTTY && process.stdout.isTTY
    ? await input({ message: `${question} (y/n):` })
    : await readAnswer(`${question} (y/n): `);
  return answer.trim().toLowerCase() === 'y';
}

/** A choice among names on the terminal; undefined when there is no terminal to ask on. */
export async function pickOne(message: string, names: string[], current?: string): Promise<string | undefined> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return select({ message, choices: names.map((name) => ({ name, value: name })), default: current });
}

// As kubectl does without a terminal: the question on stdout, the first line of stdin as the answer.
function readAnswer(question: string): Promise<string> {
  process.stdout.write(question);
  return new Promise((resolve) => {
    let text = '';
    const done = () => {
      process.stdin.off('data', onData).off('end', done).pause();
      resolve(text.split('\n')[0]!);
    };
    const onData = (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (text.includes('\n')) done();
    };
    process.stdin.on('data', onData).on('end', done);
  });
}
