// Builds dist/cep-chat.js, the one file a host site loads: socket.io-client (from npm,
// kept private to the widget: no global `io`), the widget's CSS and code, and a mark the
// server replaces with the contacts from knowledge/contacts.yml (bot/channels/widget.py).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const read = (path) => readFileSync(join(here, path), 'utf8');
const withoutSourceMap = (code) => code.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n');
const socketIoVersion = JSON.parse(read('node_modules/socket.io-client/package.json')).version;

const bundle = `/*! cep-chat: the CEP intake assistant's chat widget. Includes socket.io-client ${socketIoVersion} (MIT). */
(function () {
var module = { exports: {} }, exports = module.exports, define = undefined;
${withoutSourceMap(read('node_modules/socket.io-client/dist/socket.io.min.js'))}
var io = module.exports;
var CSS = ${JSON.stringify(read('src/cep-chat.css'))};
var CONFIG = /*__CEP_CONFIG__*/null;
${read('src/helpers.mjs').replace(/^export /gm, '')}
${read('src/cep-chat.js')}
})();
`;

mkdirSync(join(here, 'dist'), { recursive: true });
writeFileSync(join(here, 'dist/cep-chat.js'), bundle);
console.log(`widget: built dist/cep-chat.js (${Math.round(bundle.length / 1024)} KB)`);
