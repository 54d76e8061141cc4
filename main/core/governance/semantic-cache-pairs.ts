/**
 * The labelled pairs `ais cache evaluate` embeds before the semantic cache may
 * switch on. `hit`: the second prompt asks for the same thing as the first,
 * so serving the first one's answer is right. `miss`: a near miss — mostly the
 * same words, a different request (another file, number, direction,
 * negation, language) — where serving the cached answer would be wrong, and
 * in a coding agent often harmful (the wrong file deleted, the wrong test
 * run). Written for this project in the style of prompts developers type into
 * coding agents (Claude Code, Codex, Gemini CLI); no text is copied from a
 * dataset. Changing the set changes its hash: earlier evaluations then no
 * longer count and the cache stays off until evaluated again.
 */
export interface LabelledPair {
  id: string;
  first: string;
  second: string;
  expected: 'hit' | 'miss';
}

export const SEMANTIC_CACHE_PAIRS: readonly LabelledPair[] = [
  // Same request, different wording.
  {
    id: 'explain-function',
    expected: 'hit',
    first: 'What does this function do?',
    second: 'Explain what this function does.',
  },
  { id: 'run-tests', expected: 'hit', first: 'Run the test suite.', second: 'Please run the tests.' },
  {
    id: 'typo-fix',
    expected: 'hit',
    first: 'Fix the typo in the README.',
    second: 'Correct the typo in README.',
  },
  {
    id: 'git-status',
    expected: 'hit',
    first: 'Show me the git status.',
    second: 'What is the current git status?',
  },
  {
    id: 'summarize-diff',
    expected: 'hit',
    first: 'Summarize the changes in this diff.',
    second: 'Give me a summary of the changes in this diff.',
  },
  {
    id: 'regex-email',
    expected: 'hit',
    first: 'Write a regular expression that matches an email address.',
    second: 'Write a regex to match email addresses.',
  },
  {
    id: 'reverse-string-py',
    expected: 'hit',
    first: 'How do I reverse a string in Python?',
    second: 'How can I reverse a string in Python?',
  },
  {
    id: 'list-files',
    expected: 'hit',
    first: 'List the files in the src directory.',
    second: 'Show the files in the src folder.',
  },
  {
    id: 'explain-error',
    expected: 'hit',
    first: 'Why am I getting "TypeError: undefined is not a function"?',
    second: 'What causes "TypeError: undefined is not a function"?',
  },
  {
    id: 'add-comments',
    expected: 'hit',
    first: 'Add comments to this code.',
    second: 'Please add comments to this code.',
  },
  {
    id: 'convert-ts',
    expected: 'hit',
    first: 'Convert this JavaScript file to TypeScript.',
    second: 'Rewrite this JavaScript file in TypeScript.',
  },
  {
    id: 'json-parse',
    expected: 'hit',
    first: 'How do I parse JSON in Go?',
    second: 'How to parse JSON in Golang?',
  },
  {
    id: 'dockerfile-node',
    expected: 'hit',
    first: 'Write a Dockerfile for a Node.js app.',
    second: 'Create a Dockerfile for a Node.js application.',
  },
  {
    id: 'sql-count',
    expected: 'hit',
    first: 'Write a SQL query that counts the rows in the users table.',
    second: 'SQL query to count the rows of the users table.',
  },
  {
    id: 'case-whitespace',
    expected: 'hit',
    first: 'refactor this function to use async/await',
    second: 'Refactor this function to use async/await.',
  },
  {
    id: 'big-o',
    expected: 'hit',
    first: 'What is the time complexity of this algorithm?',
    second: "What's the time complexity of this algorithm?",
  },
  {
    id: 'unit-test-add',
    expected: 'hit',
    first: 'Write unit tests for the add function.',
    second: 'Write some unit tests for the add function.',
  },
  {
    id: 'rename-variable',
    expected: 'hit',
    first: 'Rename the variable tmp to result everywhere.',
    second: 'Rename tmp to result everywhere.',
  },
  {
    id: 'explain-closure',
    expected: 'hit',
    first: 'Explain closures in JavaScript.',
    second: 'What are closures in JavaScript?',
  },
  { id: 'lint-fix', expected: 'hit', first: 'Fix the lint errors.', second: 'Fix all the linter errors.' },
  {
    id: 'commit-message',
    expected: 'hit',
    first: 'Write a commit message for these changes.',
    second: 'Suggest a commit message for these changes.',
  },
  {
    id: 'http-status-404',
    expected: 'hit',
    first: 'What does HTTP status 404 mean?',
    second: 'What is the meaning of HTTP 404?',
  },
  {
    id: 'install-deps',
    expected: 'hit',
    first: 'How do I install the dependencies?',
    second: 'How do I install dependencies for this project?',
  },
  {
    id: 'trailing-thanks',
    expected: 'hit',
    first: 'Explain how the cache works.',
    second: 'Explain how the cache works, thanks.',
  },

  // Near misses: mostly the same words, another request.
  {
    id: 'delete-other-file',
    expected: 'miss',
    first: 'Delete the file foo.txt.',
    second: 'Delete the file bar.txt.',
  },
  {
    id: 'delete-vs-create',
    expected: 'miss',
    first: 'Delete the file notes.md.',
    second: 'Create the file notes.md.',
  },
  {
    id: 'test-other-function',
    expected: 'miss',
    first: 'Write unit tests for the parseDate function.',
    second: 'Write unit tests for the parseTime function.',
  },
  {
    id: 'timeout-value',
    expected: 'miss',
    first: 'Set the request timeout to 30 seconds.',
    second: 'Set the request timeout to 60 seconds.',
  },
  {
    id: 'sort-direction',
    expected: 'miss',
    first: 'Sort the list in ascending order.',
    second: 'Sort the list in descending order.',
  },
  {
    id: 'negation-commit',
    expected: 'miss',
    first: 'Commit the changes.',
    second: 'Do not commit the changes.',
  },
  {
    id: 'language-reverse',
    expected: 'miss',
    first: 'How do I reverse a string in Python?',
    second: 'How do I reverse a string in Rust?',
  },
  {
    id: 'language-json',
    expected: 'miss',
    first: 'How do I parse JSON in Go?',
    second: 'How do I parse JSON in Java?',
  },
  {
    id: 'branch-name',
    expected: 'miss',
    first: 'Check out the branch feature/login.',
    second: 'Check out the branch feature/logout.',
  },
  {
    id: 'port-number',
    expected: 'miss',
    first: 'Start the dev server on port 3000.',
    second: 'Start the dev server on port 8080.',
  },
  {
    id: 'sync-async',
    expected: 'miss',
    first: 'Make this function asynchronous.',
    second: 'Make this function synchronous.',
  },
  {
    id: 'add-remove-dep',
    expected: 'miss',
    first: 'Add lodash as a dependency.',
    second: 'Remove lodash as a dependency.',
  },
  {
    id: 'upgrade-version',
    expected: 'miss',
    first: 'Upgrade React to version 18.',
    second: 'Upgrade React to version 19.',
  },
  {
    id: 'line-number',
    expected: 'miss',
    first: 'Explain the bug on line 42.',
    second: 'Explain the bug on line 24.',
  },
  {
    id: 'enable-disable',
    expected: 'miss',
    first: 'Enable strict mode in tsconfig.',
    second: 'Disable strict mode in tsconfig.',
  },
  {
    id: 'rename-direction',
    expected: 'miss',
    first: 'Rename the variable tmp to result everywhere.',
    second: 'Rename the variable result to tmp everywhere.',
  },
  {
    id: 'sql-table',
    expected: 'miss',
    first: 'Write a SQL query that counts the rows in the users table.',
    second: 'Write a SQL query that counts the rows in the orders table.',
  },
  {
    id: 'first-last',
    expected: 'miss',
    first: 'Return the first element of the array.',
    second: 'Return the last element of the array.',
  },
  {
    id: 'min-max',
    expected: 'miss',
    first: 'Find the maximum value in this list.',
    second: 'Find the minimum value in this list.',
  },
  {
    id: 'rm-path',
    expected: 'miss',
    first: 'Run rm -rf ./build to clean up.',
    second: 'Run rm -rf ./src to clean up.',
  },
  {
    id: 'push-force',
    expected: 'miss',
    first: 'Push the branch to origin.',
    second: 'Force push the branch to origin.',
  },
  {
    id: 'http-status-code',
    expected: 'miss',
    first: 'What does HTTP status 404 mean?',
    second: 'What does HTTP status 403 mean?',
  },
  {
    id: 'dockerfile-lang',
    expected: 'miss',
    first: 'Write a Dockerfile for a Node.js app.',
    second: 'Write a Dockerfile for a Python app.',
  },
  {
    id: 'read-write-file',
    expected: 'miss',
    first: 'Read the config from settings.json.',
    second: 'Write the config to settings.json.',
  },
  {
    id: 'inclusive-range',
    expected: 'miss',
    first: 'Loop from 1 to 10 inclusive.',
    second: 'Loop from 1 to 10 exclusive.',
  },
  {
    id: 'units',
    expected: 'miss',
    first: 'Convert 5 kilometers to miles.',
    second: 'Convert 5 miles to kilometers.',
  },
  {
    id: 'test-file',
    expected: 'miss',
    first: 'Run the tests in test/api/login.test.ts.',
    second: 'Run the tests in test/api/logout.test.ts.',
  },
  {
    id: 'env-var',
    expected: 'miss',
    first: 'Print the value of the HOME environment variable.',
    second: 'Print the value of the PATH environment variable.',
  },
  {
    id: 'revert-commit',
    expected: 'miss',
    first: 'Revert the last commit.',
    second: 'Revert the last two commits.',
  },
  {
    id: 'closure-language',
    expected: 'miss',
    first: 'Explain closures in JavaScript.',
    second: 'Explain closures in Rust.',
  },
  { id: 'lint-tests', expected: 'miss', first: 'Fix the lint errors.', second: 'Fix the failing tests.' },
  {
    id: 'uppercase-lowercase',
    expected: 'miss',
    first: 'Convert the string to uppercase.',
    second: 'Convert the string to lowercase.',
  },
  {
    id: 'keep-vs-delete-comments',
    expected: 'miss',
    first: 'Remove all comments from this code.',
    second: 'Add comments to this code.',
  },
  {
    id: 'merge-rebase',
    expected: 'miss',
    first: 'Merge main into this branch.',
    second: 'Rebase this branch onto main.',
  },
];
