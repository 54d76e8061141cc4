// `node --import ./register-fake-electron.mjs out/main/index.js`: `electron` resolves to the fake.
import { register } from 'node:module';

register(new URL('./resolve-electron-to-fake.mjs', import.meta.url));
