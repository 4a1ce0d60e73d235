export interface Instruction {
  keyword: string;
  /** The arguments, continuation lines joined with a space. */
  args: string;
}

export interface Stage {
  name: string;
  baseImage: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** ARGs declared before the first FROM, with their defaults. */
  globalArgs: Record<string, string | undefined>;
  stages: Stage[];
}

/** Parses a Dockerfile into stages of instructions (no heredocs, which this repository does not use). */
export function parseDockerfile(text: string): Dockerfile {
  const instructions = text
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('#'))
    .map((line) => {
      const [keyword = '', ...rest] = line.split(/\s+/);
      return { keyword: keyword.toUpperCase(), args: rest.join(' ') };
    });
  const globalArgs: Record<string, string | undefined> = {};
  const stages: Stage[] = [];
  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [baseImage = '', as, name] = instruction.args.split(' ');
      stages.push({ name: as?.toUpperCase() === 'AS' && name ? name : String(stages.length), baseImage, instructions: [] });
    } else if (stages.length === 0 && instruction.keyword === 'ARG') {
      const [name = '', value] = instruction.args.split('=');
      globalArgs[name] = value;
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  return { globalArgs, stages };
}

export function stageNamed(dockerfile: Dockerfile, name: string): Stage {
  const stage = dockerfile.stages.find((candidate) => candidate.name === name);
  if (stage === undefined) throw new Error(`the Dockerfile has no stage ${name}`);
  return stage;
}

export function argsOf(stage: Stage, keyword: string): string[] {
  return stage.instructions.filter((instruction) => instruction.keyword === keyword).map((instruction) => instruction.args);
}

/** The shell commands of a stage's RUN instructions, split on `&&`. */
export function runCommands(stage: Stage): string[] {
  return argsOf(stage, 'RUN').flatMap((command) => command.split('&&').map((part) => part.trim().replace(/\s+/g, ' ')));
}

/** Sources of the COPY instructions that copy from the build context (not --from another stage). */
export function contextCopySources(stage: Stage): string[] {
  return argsOf(stage, 'COPY')
    .filter((args) => !args.startsWith('--from'))
    .flatMap((args) => args.split(' ').filter((word) => !word.startsWith('--')).slice(0, -1));
}
