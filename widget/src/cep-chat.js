/* The CEP intake assistant's chat widget: a <cep-chat> custom element.
 *
 * A host site adds one script tag; the element is created for it unless the page already has
 * one:
 *   <script src="https://<assistant>/webhooks/widget/cep-chat.js"
 *           data-title="Assistant CEP" data-color="#000091" data-position="right" defer></script>
 * or, to place it: <cep-chat title="…" color="…" position="left"></cep-chat>
 *
 * What it promises: text is always inserted as text (never HTML); nothing is stored in the
 * browser and no connection is made before the visitor opens the chat; the conversation
 * (session id and messages, in sessionStorage) survives a reload and navigation in the tab;
 * a message typed while the connection is lost is sent when it comes back.
 *
 * Built by build.mjs into dist/cep-chat.js, where `io` (socket.io-client), CSS, CONFIG (the
 * national contacts, injected by the server) and the pure helpers of helpers.mjs (colours,
 * links; unit-tested with Node's test runner, widget/test/) are defined.
 */
'use strict';

const STORE_KEY = 'cep-chat';
const SESSION_ID = /^[0-9a-f]{32}$/;
const MAX_CHARS = 2000;
const MAX_KEPT_MESSAGES = 200;
const START_PAYLOAD = '/greet';
const TYPING_TIMEOUT_MS = 20000;
const OFFLINE_AFTER_FAILURES = 3;
const SCRIPT = document.currentScript;

const TEXT = {
  title: 'Assistant du conseil en évolution professionnelle',
  open: "Discuter avec l'assistant CEP",
  close: 'Fermer',
  closeLabel: 'Fermer la discussion (elle reste disponible)',
  forget: 'Effacer',
  forgetLabel: 'Effacer cette conversation de ce navigateur',
  notice: "Vous échangez avec un assistant automatisé, pas avec une personne. " +
    "Ne partagez pas d'informations sur votre santé.",
  logLabel: 'Conversation',
  you: 'Vous : ',
  bot: 'Assistant : ',
  choices: 'Réponses proposées',
  inputLabel: 'Votre message',
  placeholder: 'Écrivez votre message…',
  send: 'Envoyer',
  typing: "L'assistant écrit",
  connecting: 'Connexion…',
  lost: 'Connexion perdue. Reconnexion en cours ; vos messages partiront dès son retour.',
  back: 'Connexion rétablie.',
  pending: 'en attente d’envoi',
  tooLong: 'Votre message dépasse 2 000 caractères : pouvez-vous le raccourcir ?',
};

function offlineText() {
  const contacts = CONFIG || {};
  const reach = contacts.phone
    ? ` Vous pouvez aussi joindre un conseiller au ${contacts.phone}` + (contacts.website ? ` ou sur ${contacts.website}.` : '.')
    : '';
  return "L'assistant ne répond pas pour le moment : nous réessayons." + reach;
}

/* colours and links: the pure helpers of helpers.mjs, inlined before this file by build.mjs */

function appendRichText(parent, text) {
  for (const part of richTextParts(text)) {
    if (!part.href) {
      parent.append(document.createTextNode(part.text));
      continue;
    }
    const link = document.createElement('a');
    link.href = part.href;
    link.textContent = part.text;
    if (!part.href.startsWith('tel:')) {
      link.target = '_blank';
      link.rel = 'noopener noreferrer';
      link.append(visuallyHidden(' (nouvelle fenêtre)'));
    }
    parent.append(link);
  }
}

function visuallyHidden(text) {
  const span = document.createElement('span');
  span.className = 'visually-hidden';
  span.textContent = text;
  return span;
}

function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === 'text') node.textContent = value;
    else if (key in node && !key.startsWith('aria') && key !== 'role') node[key] = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

/* ---------- what survives a reload: only after the visitor opened the chat ---------- */

const store = {
  load() {
    try {
      const state = JSON.parse(sessionStorage.getItem(STORE_KEY) || 'null');
      if (state && SESSION_ID.test(state.sessionId || '') && Array.isArray(state.messages)) return state;
    } catch (error) { /* storage refused or corrupt: start afresh */ }
    return null;
  },
  save(state) {
    try {
      state.messages = state.messages.slice(-MAX_KEPT_MESSAGES);
      sessionStorage.setItem(STORE_KEY, JSON.stringify(state));
    } catch (error) { /* private mode or full: the chat still works, it just will not survive a reload */ }
  },
  clear() {
    try { sessionStorage.removeItem(STORE_KEY); } catch (error) { /* nothing to clear */ }
  },
};

function newSessionId() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/* ---------- the element ---------- */

class CepChat extends HTMLElement {
  connectedCallback() {
    if (this.shadowRoot) { // moved in the page: connect again if the chat is open
      if (this.state && this.state.open) this.connect();
      return;
    }
    this.server = (this.getAttribute('server') || new URL(SCRIPT_URL).origin).replace(/\/$/, '');
    this.state = store.load();
    this.socket = null;
    this.confirmed = false;
    this.failures = 0;
    this.render();
    if (this.state && this.state.open) this.open({ focus: false });
  }

  disconnectedCallback() { // removed from the page: its socket must not live on unseen
    const socket = this.socket;
    this.socket = null;
    this.confirmed = false;
    if (socket) socket.disconnect();
  }

  render() {
    const root = this.attachShadow({ mode: 'open' });
    if ('adoptedStyleSheets' in root) { // allowed by a strict Content-Security-Policy, unlike <style>
      const sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
      root.adoptedStyleSheets = [sheet];
    } else {
      root.append(element('style', { text: CSS }));
    }
    const colours = palette(this.getAttribute('color'));
    if (colours) {
      this.style.setProperty('--cep-accent', colours.accent);
      this.style.setProperty('--cep-on-accent', colours.onAccent);
      this.style.setProperty('--cep-accent-text', colours.accentText);
    }
    const title = this.getAttribute('title') || TEXT.title;
    this.removeAttribute('title'); // the host element would otherwise show it as a tooltip
    const position = this.getAttribute('position') === 'left' ? 'left' : 'right';

    this.launcher = element('button', { type: 'button', className: 'launcher', 'aria-expanded': 'false',
      'aria-controls': 'cep-chat-panel', text: TEXT.open });
    this.log = element('div', { className: 'log', role: 'log', 'aria-live': 'polite',
      'aria-relevant': 'additions', 'aria-label': TEXT.logLabel, tabIndex: 0 });
    this.status = element('p', { className: 'status', role: 'status' });
    this.input = element('textarea', { id: 'cep-chat-input', rows: 1, maxLength: MAX_CHARS,
      placeholder: TEXT.placeholder, autocomplete: 'off', enterKeyHint: 'send' });
    const label = element('label', { htmlFor: 'cep-chat-input', className: 'visually-hidden', text: TEXT.inputLabel });
    this.form = element('form', {}, [label, this.input, element('button', { type: 'submit', text: TEXT.send })]);
    const closeButton = element('button', { type: 'button', className: 'close', 'aria-label': TEXT.closeLabel, text: TEXT.close });
    const forgetButton = element('button', { type: 'button', className: 'forget', 'aria-label': TEXT.forgetLabel, text: TEXT.forget });
    this.panel = element('div', { id: 'cep-chat-panel', className: 'panel', role: 'dialog',
      'aria-labelledby': 'cep-chat-title', hidden: true }, [
      element('header', {}, [element('h2', { id: 'cep-chat-title', text: title }), forgetButton, closeButton]),
      element('p', { className: 'notice', text: TEXT.notice }),
      this.log, this.status, this.form,
    ]);
    this.frame = element('aside', { className: position, 'aria-label': title }, [this.launcher, this.panel]);
    root.append(this.frame);

    this.launcher.addEventListener('click', () => this.open({ focus: true }));
    closeButton.addEventListener('click', () => this.close());
    forgetButton.addEventListener('click', () => this.forget());
    this.panel.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') { event.preventDefault(); this.close(); }
    });
    this.form.addEventListener('submit', (event) => { event.preventDefault(); this.submitTyped(); });
    this.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) { event.preventDefault(); this.submitTyped(); }
    });
  }

  /* opening, closing, forgetting */

  open({ focus }) {
    if (!this.state) {
      this.state = { sessionId: newSessionId(), open: true, messages: [], pending: [] };
    }
    this.state.open = true;
    this.state.pending = this.state.pending || [];
    store.save(this.state);
    this.launcher.hidden = true;
    this.launcher.setAttribute('aria-expanded', 'true');
    this.panel.hidden = false;
    this.frame.classList.add('open');
    this.renderHistory();
    this.connect();
    if (focus) this.input.focus();
  }

  close() {
    if (this.state) { this.state.open = false; store.save(this.state); }
    this.panel.hidden = true;
    this.frame.classList.remove('open');
    this.launcher.hidden = false;
    this.launcher.setAttribute('aria-expanded', 'false');
    this.launcher.focus();
  }

  forget() {
    const socket = this.socket;
    this.socket = null;
    this.state = null;
    this.confirmed = false;
    this.wasConfirmed = false;
    if (socket) socket.disconnect();
    store.clear();
    this.log.replaceChildren();
    this.setStatus('');
    this.close();
  }

  /* the connection */

  connect() {
    if (this.socket) return;
    this.setStatus(TEXT.connecting);
    this.socket = io(this.server, { path: '/socket.io', reconnectionDelayMax: 5000, timeout: 10000 });
    this.socket.on('connect', () => {
      this.confirmed = false;
      this.socket.emit('session_request', { session_id: this.state.sessionId });
    });
    this.socket.on('session_confirm', (sessionId) => this.onConfirmed(sessionId));
    this.socket.on('bot_uttered', (message) => this.onBotMessage(message));
    this.socket.on('disconnect', () => {
      this.confirmed = false;
      if (this.state) this.setStatus(TEXT.lost);
    });
    this.socket.on('connect_error', () => {
      this.failures += 1;
      if (this.failures === OFFLINE_AFTER_FAILURES) this.addMessage({ from: 'system', text: offlineText() });
    });
  }

  onConfirmed(sessionId) {
    if (!this.state) return;
    const recovered = this.failures > 0 || this.wasConfirmed;
    this.confirmed = true;
    this.wasConfirmed = true;
    this.failures = 0;
    if (typeof sessionId === 'string' && SESSION_ID.test(sessionId) && sessionId !== this.state.sessionId) {
      this.state.sessionId = sessionId;
    }
    this.setStatus(recovered ? TEXT.back : '');
    if (!this.state.started) {
      this.state.started = true;
      this.emit(START_PAYLOAD);
    }
    this.flushPending();
    store.save(this.state);
  }

  emit(text) {
    this.socket.emit('user_uttered', { message: text, session_id: this.state.sessionId });
    this.showTyping();
  }

  flushPending() {
    const pending = this.state.pending || [];
    this.state.pending = [];
    for (const text of pending) this.emit(text);
    for (const node of this.log.querySelectorAll('.pending')) node.remove();
    for (const message of this.state.messages) delete message.pending;
  }

  /* sending */

  submitTyped() {
    const text = this.input.value.trim();
    if (!text) return;
    if (text.length > MAX_CHARS) { this.setStatus(TEXT.tooLong); return; }
    this.input.value = '';
    this.send(text, text);
  }

  send(shown, payload) {
    this.retireChoices();
    const sendable = this.socket && this.socket.connected && this.confirmed;
    this.addMessage({ from: 'user', text: shown, pending: !sendable });
    if (sendable) this.emit(payload);
    else this.state.pending.push(payload);
    store.save(this.state);
  }

  /* receiving */

  onBotMessage(message) {
    if (!message || typeof message !== 'object' || !this.state) return;
    const text = typeof message.text === 'string' ? message.text : '';
    const replies = Array.isArray(message.quick_replies) ? message.quick_replies
      : Array.isArray(message.buttons) ? message.buttons : [];
    const choices = replies
      .filter((r) => r && typeof r.title === 'string' && typeof r.payload === 'string')
      .map((r) => ({ title: r.title, payload: r.payload }));
    if (!text && !choices.length) return;
    this.hideTyping();
    this.addMessage({ from: 'bot', text, choices });
    store.save(this.state);
  }

  /* the log */

  addMessage(message) {
    this.state.messages.push(message);
    this.log.append(this.messageNode(message));
    this.log.scrollTop = this.log.scrollHeight;
  }

  renderHistory() {
    this.log.replaceChildren(...this.state.messages.map((m) => this.messageNode(m)));
    this.log.scrollTop = this.log.scrollHeight;
  }

  messageNode(message) {
    const item = element('div', { className: `message ${message.from}` });
    if (message.from !== 'system') item.append(visuallyHidden(message.from === 'user' ? TEXT.you : TEXT.bot));
    if (message.from === 'user') item.append(document.createTextNode(message.text));
    else appendRichText(item, message.text);
    if (message.pending) item.append(element('span', { className: 'pending', text: TEXT.pending }));
    if (message.choices && message.choices.length && !message.answered) {
      const group = element('div', { className: 'choices', role: 'group', 'aria-label': TEXT.choices });
      for (const choice of message.choices) {
        const button = element('button', { type: 'button', text: choice.title });
        button.addEventListener('click', () => { this.send(choice.title, choice.payload); this.input.focus(); });
        group.append(button);
      }
      const wrapper = element('div', { className: 'message bot choices-row' }, [group]);
      const fragment = document.createDocumentFragment();
      fragment.append(item, wrapper);
      return fragment;
    }
    return item;
  }

  retireChoices() {
    for (const message of this.state.messages) if (message.choices && message.choices.length) message.answered = true;
    for (const row of this.log.querySelectorAll('.choices-row')) row.remove();
  }

  /* status line and typing indicator */

  setStatus(text) {
    this.status.classList.remove('typing');
    this.status.textContent = text;
  }

  showTyping() {
    this.status.classList.add('typing');
    this.status.textContent = TEXT.typing;
    clearTimeout(this.typingTimer);
    this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_TIMEOUT_MS);
  }

  hideTyping() {
    clearTimeout(this.typingTimer);
    if (this.status.classList.contains('typing')) this.setStatus('');
  }
}

const SCRIPT_URL = (SCRIPT && SCRIPT.src) || window.location.href;

if (!customElements.get('cep-chat')) {
  customElements.define('cep-chat', CepChat);
}

function mount() {
  if (document.querySelector('cep-chat')) return;
  const chat = document.createElement('cep-chat');
  const data = (SCRIPT && SCRIPT.dataset) || {};
  for (const name of ['server', 'title', 'color', 'position']) {
    if (data[name]) chat.setAttribute(name, data[name]);
  }
  document.body.append(chat);
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
else mount();
