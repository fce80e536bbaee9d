// The widget's pure helpers (src/helpers.mjs), with Node's own test runner: `node --test test/`.
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { contrast, hrefFor, palette, parseColour, richTextParts } from '../src/helpers.mjs';

test('a host colour is read in #rgb and #rrggbb, anything else is refused', () => {
  assert.deepEqual(parseColour('#000091'), [0, 0, 145]);
  assert.deepEqual(parseColour(' #fa0 '), [255, 170, 0]);
  for (const bad of ['red', '#12345', 'url(x)', '', null, '#0000919']) assert.equal(parseColour(bad), null);
});

test('text on the accent is whichever of white or dark reads better, and meets 4.5:1 when white', () => {
  assert.equal(palette('#000091').onAccent, '#ffffff');  // the State's blue
  assert.equal(palette('#ffe552').onAccent, '#1e1e1e');  // a pale yellow
  assert.equal(palette('#ffe552').accentText, '#1e1e1e');  // too pale for text on white
  assert.equal(palette('not a colour'), null);
  assert.ok(contrast([0, 0, 145], [255, 255, 255]) >= 4.5);
});

test('phone numbers become tel: links in international form, web addresses https links', () => {
  assert.equal(hrefFor('09 75 18 76 91'), 'tel:+33975187691');
  assert.equal(hrefFor('+33 9 75 18 76 91'), 'tel:+33975187691');
  assert.equal(hrefFor('mon-cep.org'), 'https://mon-cep.org/');
  assert.equal(hrefFor('https://www.francetravail.fr/accueil'), 'https://www.francetravail.fr/accueil');
});

test('a message splits into text and links, trailing punctuation left out of the link', () => {
  assert.deepEqual(richTextParts('Appelez le 09 75 18 76 91 ou allez sur mon-cep.org.'), [
    { text: 'Appelez le ' },
    { text: '09 75 18 76 91', href: 'tel:+33975187691' },
    { text: ' ou allez sur ' },
    { text: 'mon-cep.org', href: 'https://mon-cep.org/' },
    { text: '.' },
  ]);
  assert.deepEqual(richTextParts('Bonjour'), [{ text: 'Bonjour' }]);
  assert.deepEqual(richTextParts(''), [{ text: '' }]);
});

test('markup is text, never a link nor HTML: a javascript: address is no link', () => {
  const parts = richTextParts('<img src=x onerror=alert(1)> javascript:alert(1)');
  assert.ok(parts.every((part) => !part.href || part.href.startsWith('https://')));
  assert.equal(parts.map((part) => part.text).join(''), '<img src=x onerror=alert(1)> javascript:alert(1)');
});
