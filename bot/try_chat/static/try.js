// Better Off: the try-it page. Draws one person's chat with the bot and acts as them.
// Every message's text arrives as escaped HTML from the server (bot/try_chat/view.py);
// everything else here is set with textContent.
"use strict";

const MENU = {
  family: [
    ["/help", "Help lines, and how this works"],
    ["/stop", "Stop the survey and delete your answers so far"],
    ["/language", "Change the language"],
    ["/privacy", "What is kept, and what is not"],
    ["/settings", "One message per question, for screen readers"],
    ["/withdraw", "Delete answers you gave, with your code"],
  ],
  practitioner: [
    ["/invite", "A link and QR code to hand a family"],
    ["/invite forum 60", "A link for a practitioner forum, open for an hour"],
    ["/join", "Join the monthly pulse with a code"],
    ["/leave", "Stop getting the monthly pulse"],
    ["/help", "Help lines, and how this works"],
  ],
  admin: [
    ["/summary", "The headline figures this quarter"],
    ["/report", "The full report as an HTML document"],
    ["/stories", "Stories waiting for approval"],
    ["/flags", "Responses flagged for priority review"],
    ["/help", "Help lines, and how this works"],
  ],
};

const state = {
  setup: null,
  person: "family",
  views: {}, // person -> the last chat view drawn
  noticesSeen: {}, // person -> how many notices have had their toast
  poll: null, // the AbortController of the long poll in flight
  drawn: new Map(), // message id -> {signature, element}
  waitingFor: null, // while "typing…" shows: what the bot had shown before the person acted
};

const $ = (id) => document.getElementById(id);

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === "text") node.textContent = value;
    else if (name.startsWith("data-")) node.setAttribute(name, value);
    else node[name] = value;
  }
  node.append(...children);
  return node;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  const answer = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(answer.error || "Something went wrong; try again.");
  return answer;
}

function showProblem(message) {
  const problem = $("problem");
  problem.textContent = message || "";
  problem.hidden = !message;
}

// -- drawing ------------------------------------------------------------------------------

function sizeText(bytes) {
  return bytes < 1024 * 1024 ? `${Math.ceil(bytes / 1024)} KB` : `${(bytes / 1048576).toFixed(1)} MB`;
}

function drawMessage(message) {
  const wrapper = el("div", {
    className: `message ${message.from_bot ? "bot" : "own"}`,
    "data-id": String(message.id),
  });
  const bubble = el("div", { className: "bubble" });
  const who = el("span", { className: "visually-hidden", text: message.from_bot ? "Better Off said: " : "You said: " });
  bubble.append(who);
  if (message.photo) {
    const looksLikeQr = message.html.includes("t.me/");
    bubble.append(
      el("div", { className: "photo" },
        el("img", {
          src: message.photo.src,
          alt: looksLikeQr ? "QR code for the link below" : "A picture from the bot",
          width: message.photo.width || 320,
          height: message.photo.height || 320,
        })));
  }
  if (message.document) {
    const link = el("a", {
      className: "document", href: message.document.src, target: "_blank", rel: "noopener",
    },
    el("span", { className: "icon", text: "📄", ariaHidden: "true" }),
    el("span", {},
      el("span", { className: "name", text: message.document.name }),
      el("span", { className: "size", text: `${sizeText(message.document.size)} · opens in a new tab` })));
    bubble.append(link);
  }
  if (message.html) {
    const text = el("div", { className: "text", dir: "auto" }); // Urdu reads right to left
    text.innerHTML = message.html; // escaped on the server
    bubble.append(text);
  }
  bubble.append(el("span", { className: "meta", text: `${message.edited ? "edited " : ""}${message.time}` }));
  wrapper.append(bubble);
  if (message.keyboard.length) {
    const keyboard = el("div", { className: "keyboard", role: "group" });
    keyboard.setAttribute("aria-label", "Answer buttons");
    for (const row of message.keyboard) {
      const line = el("div", { className: "row" });
      for (const button of row) {
        if (button.data !== null) {
          line.append(el("button", {
            type: "button", text: button.text, "data-message": String(message.id), "data-data": button.data,
          }));
        } else if (button.url) {
          line.append(el("a", { href: button.url, text: button.text, target: "_blank", rel: "noopener noreferrer" }));
        }
      }
      keyboard.append(line);
    }
    wrapper.append(keyboard);
  }
  return wrapper;
}

function draw(view) {
  const box = $("messages");
  const previous = state.views[state.person];
  state.views[state.person] = view;
  const focused = document.activeElement && document.activeElement.closest(".message");
  const focusedId = focused ? focused.dataset.id : null;
  const nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 80;
  const wanted = new Set(view.messages.map((m) => String(m.id)));
  for (const [id, entry] of state.drawn) {
    if (!wanted.has(id)) { entry.element.remove(); state.drawn.delete(id); }
  }
  let grew = false;
  let anchor = null;
  for (const message of view.messages) {
    const id = String(message.id);
    const signature = JSON.stringify(message);
    let entry = state.drawn.get(id);
    if (!entry || entry.signature !== signature) {
      const element = drawMessage(message);
      if (entry) entry.element.replaceWith(element);
      else { grew = true; box.append(element); }
      entry = { signature, element };
      state.drawn.set(id, entry);
      // A card edited under the keyboard focus: keep the focus on its new buttons.
      if (id === focusedId) {
        const next = element.querySelector(".keyboard button");
        (next || $("composer-text")).focus({ preventScroll: true });
      }
    }
    if (anchor && anchor.nextSibling !== entry.element) anchor.after(entry.element);
    anchor = entry.element;
  }
  $("empty").hidden = view.messages.length > 0;
  if (grew || nearBottom || !previous) box.scrollTop = box.scrollHeight;
  announceNotices(view);
  if (state.waitingFor !== null && botSide(view) !== state.waitingFor) stopTyping();
}

// What the bot has shown: its messages and its answers to taps, not the person's own.
function botSide(view) {
  return JSON.stringify([view.messages.filter((m) => m.from_bot), view.notices, view.taps]);
}

function startTyping(view) {
  state.waitingFor = view ? botSide(view) : "";
  $("status").textContent = "typing…";
  clearTimeout(startTyping.timer);
  startTyping.timer = setTimeout(stopTyping, 6000); // a command the bot ignores says nothing
}

function stopTyping() {
  state.waitingFor = null;
  $("status").textContent = "bot";
}

function announceNotices(view) {
  const seen = state.noticesSeen[state.person] || 0;
  const fresh = view.notices.filter((notice) => notice.n > seen);
  if (view.notices.length) state.noticesSeen[state.person] = view.notices[view.notices.length - 1].n;
  if (!fresh.length) return;
  const toast = $("toast");
  toast.textContent = fresh[fresh.length - 1].text;
  toast.hidden = false;
  clearTimeout(announceNotices.timer);
  announceNotices.timer = setTimeout(() => { toast.hidden = true; }, 3000);
}

// Drawing a person's whole chat afresh is not news: a screen reader should not read it all.
function quietly(work) {
  const box = $("messages");
  box.setAttribute("aria-live", "off");
  work();
  setTimeout(() => box.setAttribute("aria-live", "polite"), 0);
}

function redraw() {
  quietly(() => {
    for (const entry of state.drawn.values()) entry.element.remove();
    state.drawn.clear();
    const view = state.views[state.person];
    if (view) draw(view);
    else $("empty").hidden = false;
  });
}

// -- acting as the person -------------------------------------------------------------------

async function act(path, body) {
  const person = state.person;
  showProblem("");
  startTyping(state.views[person]);
  try {
    const view = await api(`/api/chat/${person}/${path}`, body);
    if (person === state.person) draw(view);
  } catch (error) {
    stopTyping();
    showProblem(error.message);
    if (person === state.person) redraw(); // buttons disabled by the tap come back
  }
}

const send = (text) => act("send", { text });
const openInvite = (token) => act("open", { token });

async function poll() {
  if (state.poll) state.poll.abort();
  const controller = new AbortController();
  state.poll = controller;
  const person = state.person;
  while (!controller.signal.aborted) {
    const seen = state.views[person] ? state.views[person].version : "";
    try {
      const response = await fetch(`/api/chat/${person}?version=${encodeURIComponent(seen)}`, { signal: controller.signal });
      if (!response.ok) throw new Error("The page lost touch with the bot.");
      const view = await response.json();
      if (!controller.signal.aborted && person === state.person) {
        if (!state.views[person]) quietly(() => draw(view));
        else if (view.version !== state.views[person].version) draw(view);
        showProblem("");
      }
    } catch (error) {
      if (controller.signal.aborted) return;
      showProblem("The page lost touch with the bot. Is `betteroff try` still running?");
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
  }
}

function choose(personKey) {
  state.person = personKey;
  stopTyping();
  const person = state.setup.people.find((p) => p.key === personKey);
  $("who-now").textContent = `you are ${person.first_name}, ${person.role.toLowerCase()}`;
  $("person-about").textContent = person.about;
  for (const label of document.querySelectorAll("#invites .opens-as")) {
    label.textContent = `as ${person.first_name}`;
  }
  drawMenu();
  redraw();
  poll();
}

function drawMenu() {
  const menu = $("menu");
  menu.replaceChildren(...MENU[state.person].map(([command, what]) =>
    el("li", {}, el("button", { type: "button", "data-command": command },
      el("span", { className: "command", text: command }), what))));
}

function toggleMenu(open) {
  const show = open === undefined ? $("menu").hidden : open;
  $("menu").hidden = !show;
  $("menu-button").setAttribute("aria-expanded", String(show));
  if (show) $("menu").querySelector("button").focus();
}

function drawSetup(setup) {
  $("chat-title").textContent = setup.bot.name;
  const people = $("people");
  people.replaceChildren(...setup.people.map((person) => {
    const input = el("input", { type: "radio", name: "person", value: person.key, checked: person.key === state.person });
    input.addEventListener("change", () => choose(person.key));
    return el("label", { className: "person" }, input,
      el("span", {}, el("strong", { text: person.first_name }), " ",
        el("span", { className: "role", text: person.role })));
  }));
  $("invites").replaceChildren(...setup.invites.map((invite) =>
    el("li", {},
      el("span", { className: "what" }, invite.title,
        el("span", { className: "who", text: `${invite.audience} · ${invite.touchpoint}` })),
      el("button", { type: "button", "data-start": invite.token },
        "Open ", el("span", { className: "opens-as" })))));
  $("join-code").textContent = setup.join_code;
}

// -- wiring ---------------------------------------------------------------------------------

function wire() {
  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const box = $("composer-text");
    const text = box.value.trim();
    if (!text) { box.focus(); return; }
    box.value = "";
    send(text);
  });
  $("composer-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      $("composer").requestSubmit();
    }
  });
  $("menu-button").addEventListener("click", () => toggleMenu());
  $("menu").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-command]");
    if (!button) return;
    toggleMenu(false);
    const command = button.dataset.command;
    if (command === "/join") { send(`/join ${state.setup.join_code}`); return; }
    if (command === "/invite") {
      const box = $("composer-text");
      box.value = "/invite ";
      box.focus();
      return;
    }
    send(command);
  });
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !$("menu").hidden) { toggleMenu(false); $("menu-button").focus(); }
  });
  $("messages").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-data]");
    if (button) {
      for (const other of button.closest(".keyboard").querySelectorAll("button")) other.disabled = other !== button;
      act("tap", { message_id: Number(button.dataset.message), data: button.dataset.data });
      return;
    }
    const deep = event.target.closest("a[data-start]");
    if (deep) { event.preventDefault(); openInvite(deep.dataset.start); return; }
    const command = event.target.closest("a[data-command]");
    if (command) { event.preventDefault(); send(command.dataset.command); }
  });
  $("invites").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-start]");
    if (button) { openInvite(button.dataset.start); $("composer-text").focus({ preventScroll: true }); }
  });
  $("join-button").addEventListener("click", () => {
    const practitioner = document.querySelector('input[name="person"][value="practitioner"]');
    practitioner.checked = true;
    choose("practitioner");
    send(`/join ${state.setup.join_code}`);
  });
}

async function start() {
  wire();
  try {
    state.setup = await api("/api/setup");
  } catch (error) {
    showProblem("Could not reach the bot. Is `betteroff try` still running?");
    return;
  }
  drawSetup(state.setup);
  choose(state.person);
}

start();
