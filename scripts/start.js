#!/usr/bin/env node
// `npm start` will run the whole system (issue [8/9]). Until the services exist it says so plainly
// rather than pretending to start something.
console.error(
  [
    'ChatPilot coexistence onboarding: the services are not built yet.',
    'What exists today: the platform libraries under libs/ and the 360dialog sandbox under test/d360-sandbox.',
    'Run the tests with `npm test`; run the sandbox alone with `npm run sandbox`.',
  ].join('\n'),
);
process.exit(1);
