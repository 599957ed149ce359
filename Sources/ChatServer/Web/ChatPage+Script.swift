extension ChatPage {
    /// The page's behaviour: join, the long-poll loop with back-off, sending, leaving.
    static let script = #"""
        "use strict";
        (() => {
          const $ = (id) => document.getElementById(id);
          // people: lower-cased nick → { nick, moderator, muted, mutedUntil (ms, or null for a permanent mute) }.
          const state = { session: null, nick: null, cursor: 0, pollAbort: null, rejoining: false, people: new Map(), backoff: 0, role: null,
            unread: 0, notify: false, openMenu: null };

          // ---- rendering: text only, never HTML ----
          function timeOf(at) {
            const date = at ? new Date(at) : new Date();
            const el = document.createElement("time");
            el.dateTime = date.toISOString();
            el.textContent = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
            return el;
          }
          /** `text` into `parent` as text, with http(s) URLs as links that open apart; nothing else becomes markup. */
          function appendLinked(parent, text) {
            const pattern = /\bhttps?:\/\/[^\s<>"']+/gi;
            let last = 0;
            for (const match of text.matchAll(pattern)) {
              let url = match[0].replace(/[.,;:!?)\]]+$/, "");
              let parsed = null;
              try { parsed = new URL(url); } catch (error) { parsed = null; }
              if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) continue;
              parent.appendChild(document.createTextNode(text.slice(last, match.index)));
              const link = document.createElement("a");
              link.href = parsed.href;
              link.textContent = url;
              link.target = "_blank";
              link.rel = "noopener noreferrer nofollow";
              parent.appendChild(link);
              last = match.index + url.length;
            }
            parent.appendChild(document.createTextNode(text.slice(last)));
          }
          const nearBottom = (list) => list.scrollHeight - list.scrollTop - list.clientHeight < 60;
          /** The day a line belongs to, as the separator above that day's first line says it. */
          function dayName(date) {
            const today = new Date();
            const yesterday = new Date(today.getFullYear(), today.getMonth(), today.getDate() - 1);
            if (date.toDateString() === today.toDateString()) return "Today";
            if (date.toDateString() === yesterday.toDateString()) return "Yesterday";
            return date.toLocaleDateString([], { weekday: "long", year: "numeric", month: "long", day: "numeric" });
          }
          /** The last line shown: its day, and who said it when it was a message (for grouping). */
          let lastLine = { day: null, nick: null, at: 0 };
          const GROUP_MS = 5 * 60 * 1000;
          /** Adds a line to the log. `from`: who said it, for a message (grouping); `seq`: its number, which
           * a moderator's Remove button and a later `removed` event find it by. */
          function addLine(kind, at, parts, from, seq) {
            const list = $("messages");
            const wasNearBottom = nearBottom(list);
            const date = at ? new Date(at) : new Date();
            const day = date.toDateString();
            if (day !== lastLine.day) {
              const separator = document.createElement("li");
              separator.className = "day";
              separator.textContent = dayName(date);
              list.appendChild(separator);
              lastLine = { day, nick: null, at: 0 };
            }
            const li = document.createElement("li");
            // A message right after the same person's, within a few minutes, joins their group: the nick is
            // kept for screen readers but not shown again.
            const grouped = from && lastLine.nick === from && date.getTime() - lastLine.at < GROUP_MS;
            li.className = kind + (grouped ? " grouped" : "");
            lastLine = { day, nick: from || null, at: date.getTime() };
            li.appendChild(timeOf(at));
            const body = document.createElement("span");
            body.className = "body";
            for (const [cls, text] of parts) {
              const span = document.createElement("span");
              if (cls) span.className = cls;
              if (cls === "text") appendLinked(span, text); else span.textContent = text;
              body.appendChild(span);
            }
            li.appendChild(body);
            if (seq) {
              li.dataset.seq = String(seq);
              // Shown to signed-in moderators only (the chat view's `moderating` class).
              const remove = document.createElement("button");
              remove.type = "button";
              remove.className = "remove";
              remove.textContent = "Remove";
              remove.setAttribute("aria-label", "Remove message " + seq + " from " + from);
              remove.addEventListener("click", () => {
                const reason = window.prompt("Remove this message of " + from + ": reason, for moderators (optional)");
                if (reason === null) return;
                moderate("remove", String(seq), null, reason || null);
              });
              li.appendChild(remove);
              if (from !== state.nick) {
                const flag = document.createElement("button");
                flag.type = "button";
                flag.className = "report";
                flag.textContent = "⚑";
                flag.title = "Report to the moderators";
                flag.setAttribute("aria-label", "Report message " + seq + " from " + from);
                flag.addEventListener("click", () => report(seq, from));
                li.appendChild(flag);
              }
            }
            list.appendChild(li);
            while (list.children.length > 1000) list.removeChild(list.firstChild);
            // Someone reading older lines stays where they are; a marker offers the way down instead.
            if (wasNearBottom) list.scrollTop = list.scrollHeight;
            else $("new-below").hidden = false;
          }
          $("messages").addEventListener("scroll", () => { if (nearBottom($("messages"))) $("new-below").hidden = true; });
          $("new-below").addEventListener("click", () => {
            const list = $("messages");
            list.scrollTop = list.scrollHeight;
            $("new-below").hidden = true;
            $("text").focus();
          });

          // ---- away from the tab: unread count in the title, mentions ----
          const TITLE = document.title;
          const showUnread = () => { document.title = state.unread ? "(" + state.unread + ") " + TITLE : TITLE; };
          document.addEventListener("visibilitychange", () => {
            if (!document.hidden) { state.unread = 0; showUnread(); }
          });
          /** Whether `text` names `nick` as a word of its own (with or without @), in any case. */
          function mentions(text, nick) {
            if (!nick) return false;
            return new RegExp("(^|[^A-Za-z0-9_-])@?" + nick + "($|[^A-Za-z0-9_-])", "i").test(text);
          }
          function heard(ev) {
            const mentioned = mentions(ev.text || "", state.nick);
            if (document.hidden) { state.unread += 1; showUnread(); }
            if (mentioned && state.notify && document.hidden && window.Notification && Notification.permission === "granted") {
              try { new Notification(ev.nick + " mentioned you", { body: ev.text, tag: "chat-mention" }); } catch (error) { /* not shown */ }
            }
            return mentioned;
          }
          $("notify-button").hidden = !("Notification" in window);
          // At phone width the people list folds away behind its count; a tap on it opens it.
          const narrow = window.matchMedia("(max-width: 600px)");
          const foldPeople = () => { $("people-panel").open = !narrow.matches; };
          foldPeople();
          narrow.addEventListener("change", foldPeople);
          $("people-panel").addEventListener("click", (event) => {
            if (!narrow.matches && event.target.closest("summary")) event.preventDefault();
          });
          $("notify-button").addEventListener("click", async () => {
            const button = $("notify-button");
            if (state.notify) {
              state.notify = false;
            } else {
              const permission = await Notification.requestPermission();
              state.notify = permission === "granted";
              if (!state.notify) system("Mention alerts are blocked by the browser; allow notifications for this site to have them.", null);
            }
            button.setAttribute("aria-pressed", String(state.notify));
            button.textContent = state.notify ? "Mention alerts on" : "Alert me of mentions";
          });
          const system = (text, at, extra) => addLine("system" + (extra ? " " + extra : ""), at, [[null, text]]);
          /** A person as the page keeps them, from a listing entry or a join event. */
          const person = (entry) => ({ nick: entry.nick, moderator: entry.moderator === true, muted: entry.muted === true,
            mutedUntil: entry.muted_until ? Date.parse(entry.muted_until) : (entry.expires_at && entry.muted ? Date.parse(entry.expires_at) : null) });
          const peopleFrom = (users) => new Map((users || []).map((u) => [u.nick.toLowerCase(), person(u)]));
          /** "12m", "3h 5m", "2d": how long until `until` (ms). */
          function timeLeft(until) {
            const minutes = Math.max(1, Math.ceil((until - Date.now()) / 60000));
            if (minutes < 60) return minutes + "m";
            const hours = Math.floor(minutes / 60);
            if (hours < 24) return hours + "h" + (minutes % 60 ? " " + (minutes % 60) + "m" : "");
            return Math.round(hours / 24) + "d";
          }
          const muteLabel = (p) => p.mutedUntil ? "muted, " + timeLeft(p.mutedUntil) + " left" : "muted";
          function badge(cls, text) {
            const span = document.createElement("span");
            span.className = "badge " + cls;
            span.textContent = text;
            return span;
          }
          function actionButton(action, label, p) {
            const button = document.createElement("button");
            button.type = "button";
            button.className = action;
            button.dataset.action = action;
            button.textContent = label;
            button.setAttribute("aria-label", label + " " + p.nick);
            button.addEventListener("click", () => {
              if (action === "unmute") { moderate("unmute", p.nick, null, null); return; }
              const reason = window.prompt(label + " " + p.nick + ": reason (optional)");
              if (reason === null) return;
              const duration = action === "kick" ? null : (window.prompt("For how long? (e.g. 30m, 2h, 7d; empty for permanent)") || null);
              moderate(action, p.nick, duration, reason || null);
            });
            return button;
          }
          function renderPeople() {
            const ul = $("people");
            // A re-render keeps the focus where it was (a person's action button) and an open menu open.
            const focused = document.activeElement && ul.contains(document.activeElement) ?
              { key: document.activeElement.closest("li").dataset.key, action: document.activeElement.dataset.action } : null;
            ul.replaceChildren();
            for (const p of [...state.people.values()].sort((a, b) => a.nick.localeCompare(b.nick))) {
              const key = p.nick.toLowerCase();
              const li = document.createElement("li");
              li.dataset.key = key;
              const who = document.createElement("span");
              who.className = "who";
              who.textContent = p.nick;
              li.appendChild(who);
              if (p.moderator) li.appendChild(badge("mod", "mod"));
              if (p.muted) {
                const muted = badge("muted", muteLabel(p));
                if (p.mutedUntil) muted.dataset.until = String(p.mutedUntil);
                li.appendChild(muted);
              }
              if (p.nick === state.nick) li.classList.add("self");
              if (state.role && p.nick !== state.nick) {
                // At phone width the actions fold behind one button per person.
                const menu = document.createElement("button");
                menu.type = "button";
                menu.className = "menu";
                menu.dataset.action = "menu";
                menu.textContent = "⋯";
                menu.setAttribute("aria-label", "Actions for " + p.nick);
                menu.setAttribute("aria-expanded", String(state.openMenu === key));
                menu.addEventListener("click", () => {
                  state.openMenu = state.openMenu === key ? null : key;
                  renderPeople();
                });
                li.appendChild(menu);
                const actions = document.createElement("span");
                actions.className = "actions";
                actions.appendChild(actionButton("kick", "Kick", p));
                actions.appendChild(p.muted ? actionButton("unmute", "Unmute", p) : actionButton("mute", "Mute", p));
                actions.appendChild(actionButton("ban", "Ban", p));
                li.appendChild(actions);
                if (state.openMenu === key) li.classList.add("open");
              }
              ul.appendChild(li);
            }
            $("people-count").textContent = "(" + state.people.size + ")";
            if (focused) {
              const again = ul.querySelector('li[data-key="' + CSS.escape(focused.key) + '"] [data-action="' + focused.action + '"]') ||
                ul.querySelector('li[data-key="' + CSS.escape(focused.key) + '"] button');
              if (again) again.focus();
            }
          }
          // The time left on timed mutes counts down; the server ends them and says so with an unmute event.
          setInterval(() => {
            for (const span of document.querySelectorAll("#people .badge.muted[data-until]")) {
              span.textContent = "muted, " + timeLeft(Number(span.dataset.until)) + " left";
            }
          }, 30000);
          const setStatus = (text) => { $("status").textContent = text; };
          /** Signed in as a moderator (a role) or not (null): moderators' controls show or hide with it. */
          function setRole(role) {
            state.role = role;
            $("chat-view").classList.toggle("moderating", role !== null);
          }

          // ---- events ----
          /** True while the history given at join is shown: old lines count as neither unread nor mentions. */
          let replaying = false;
          function reasonText(reason) { return reason ? " (" + reason + ")" : ""; }
          function handle(ev) {
            switch (ev.type) {
              case "message": {
                const own = ev.nick === state.nick;
                const mentioned = !own && !replaying && heard(ev);
                addLine("message" + (own ? " self" : "") + (mentioned ? " mention" : ""), ev.at, [["nick", ev.nick], ["text", ev.text]], ev.nick, ev.seq);
                break;
              }
              case "join":
                state.people.set(ev.nick.toLowerCase(), person(ev)); renderPeople();
                system(ev.nick === state.nick ? "You joined as " + ev.nick : ev.nick + " joined", ev.at);
                break;
              case "leave":
                if (ev.reconnect === false && ev.nick === state.nick) {
                  end(ev.reason === "idle" ? "You were disconnected after a period of inactivity." : "You left the room.");
                  return false;
                }
                state.people.delete(ev.nick.toLowerCase()); renderPeople();
                system(ev.nick + (ev.reason === "idle" ? " timed out" : " left"), ev.at);
                break;
              case "kick":
              case "ban":
                if (ev.reconnect === false) {
                  const verb = ev.type === "kick" ? "kicked" : "banned";
                  let text = "You were " + verb + reasonText(ev.reason) + ".";
                  if (ev.expires_at) text += " The ban ends " + new Date(ev.expires_at).toLocaleString() + ".";
                  end(text);
                  return false;
                }
                state.people.delete((ev.nick || "").toLowerCase()); renderPeople();
                system(ev.nick + " was " + (ev.type === "kick" ? "kicked" : "banned") + reasonText(ev.reason), ev.at, "alert");
                break;
              case "mute": {
                let text = (ev.nick === state.nick ? "You were" : ev.nick + " was") + " muted" + reasonText(ev.reason);
                if (ev.expires_at) text += " until " + new Date(ev.expires_at).toLocaleString();
                system(text, ev.at, "alert");
                const p = state.people.get((ev.nick || "").toLowerCase());
                if (p) {
                  // Of two mutes, the one that ends later (or never) is the one that counts.
                  const until = ev.expires_at ? Date.parse(ev.expires_at) : null;
                  p.mutedUntil = p.muted && (p.mutedUntil === null || (until !== null && p.mutedUntil > until)) ? p.mutedUntil : until;
                  p.muted = true;
                  renderPeople();
                }
                break;
              }
              case "unmute": {
                system(ev.nick === state.nick ? "You may speak again." : ev.nick + " may speak again.", ev.at);
                const p = state.people.get((ev.nick || "").toLowerCase());
                if (p) { p.muted = false; p.mutedUntil = null; renderPeople(); }
                break;
              }
              case "moderator": {
                system(ev.nick + " is a moderator", ev.at);
                const p = state.people.get((ev.nick || "").toLowerCase());
                if (p) { p.moderator = true; renderPeople(); }
                break;
              }
              case "report": {
                // Only moderators receive these.
                const count = ev.reporters > 1 ? " (" + ev.reporters + " reports)" : "";
                system("Report: " + ev.reporter + " reported " + ev.nick + "'s message #" + ev.message + " “" + (ev.text || "") + "”" +
                  reasonText(ev.reason) + count + ". Remove it beside the message, or resolve " + ev.report + " from the queue.", ev.at, "alert");
                break;
              }
              case "removed":
                for (const seq of ev.removed || []) {
                  const li = $("messages").querySelector('li[data-seq="' + Number(seq) + '"]');
                  if (!li) continue;
                  li.classList.add("removed");
                  li.querySelector(".text").textContent = "removed by a moderator";
                  const button = li.querySelector("button.remove");
                  if (button) button.remove();
                }
                break;
              case "announcement":
                addLine("system announcement", ev.at, [[null, "Announcement: " + (ev.text || "")]]);
                break;
              case "notice":
                system(ev.text || "", ev.at);
                break;
              case "gap":
                system(ev.missed + " event" + (ev.missed === 1 ? " was" : "s were") + " missed while you were away.", ev.at, "alert");
                break;
              default:
                break;
            }
            return true;
          }

          // ---- the long-poll loop ----
          /** Polls for one session until it ends; a loop whose session was replaced (a rejoin) stops. */
          async function pollLoop() {
            const session = state.session;
            let lost = false;
            while (state.session === session) {
              const controller = new AbortController();
              state.pollAbort = controller;
              try {
                const response = await fetch("/api/poll?since=" + state.cursor, {
                  headers: { "Authorization": "Bearer " + session }, signal: controller.signal, cache: "no-store" });
                if (state.session !== session) break;
                if (response.status === 401) { lost = true; break; }
                if (!response.ok) throw new Error("status " + response.status);
                const data = await response.json();
                if (state.backoff) {
                  setStatus("Connected again.");
                  setTimeout(() => { if ($("status").textContent === "Connected again.") setStatus(""); }, 4000);
                }
                state.backoff = 0;
                let going = true;
                for (const ev of data.events) {
                  if (!going) break;
                  going = handle(ev);
                }
                if (!going) break;
                state.cursor = data.cursor;
                save();
              } catch (error) {
                if (state.session !== session) break;
                state.backoff = Math.min(state.backoff ? state.backoff * 2 : 1000, 30000);
                setStatus("Connection lost; retrying in " + Math.round(state.backoff / 1000) + " s…");
                await new Promise((resolve) => setTimeout(resolve, state.backoff));
              }
            }
            if (lost) rejoin();
          }

          /** The server no longer knows the session (it restarted, or the page slept past the idle timeout):
           * join again under the same nick, or, if it is taken now or refused, ask. */
          async function rejoin() {
            if (state.rejoining) return;
            state.rejoining = true;
            const nick = state.nick;
            const wasModerator = state.role !== null;
            state.session = null;
            if (state.pollAbort) state.pollAbort.abort();
            try {
              const { response, data } = await api("/api/join", { nick });
              if (response.ok) {
                setRole(null);
                $("signin-button").hidden = false;
                enter(data, true);
                system("The server had lost your session; you are back as " + data.nick + "." + (wasModerator ? " Sign in again to moderate." : ""), null);
                return;
              }
              if (data && data.error && data.error.code === "nick_taken") {
                end("The server lost your session and someone else has the nick " + nick + " now. Choose another to join again.");
                $("nick").value = nick;
                $("nick").select();
                return;
              }
              end(joinRefusal(response, data));
            } catch (error) {
              end("Your session has ended. Join again to keep chatting.");
            } finally {
              state.rejoining = false;
            }
          }

          function save() {
            if (state.session) sessionStorage.setItem("chat", JSON.stringify({ session: state.session, nick: state.nick, cursor: state.cursor }));
            else sessionStorage.removeItem("chat");
          }

          function show(view) {
            $("join-view").hidden = view !== "join";
            $("chat-view").hidden = view !== "chat";
            (view === "join" ? $("nick") : $("text")).focus();
          }

          /** Shows the room for a joined session. `again`: a rejoin, which keeps the lines already shown and
           * adds from the history only what is newer than them. */
          function enter(data, again) {
            if (state.pollAbort) state.pollAbort.abort();
            state.session = data.session;
            state.nick = data.nick;
            state.cursor = data.cursor;
            state.people = peopleFrom(data.users);
            const shownUntil = again ? lastLine.at : 0;
            if (!again) {
              $("messages").replaceChildren();
              lastLine = { day: null, nick: null, at: 0 };
            }
            replaying = true;
            for (const ev of data.history || []) if (Date.parse(ev.at) > shownUntil) handle(ev);
            replaying = false;
            renderPeople();
            if (data.users_total && data.users && data.users_total > data.users.length) {
              // A big room: the join listed only the first people; fetch everyone once.
              fetch("/api/users").then((r) => r.json()).then((all) => {
                for (const u of all.users || []) state.people.set(u.nick.toLowerCase(), person(u));
                renderPeople();
              }).catch(() => {});
            }
            $("me").textContent = "as " + data.nick;
            save();
            show("chat");
            pollLoop();
          }

          function end(message) {
            state.session = null;
            setRole(null);
            $("signin-button").hidden = false;
            if (state.pollAbort) state.pollAbort.abort();
            save();
            $("join-error").textContent = message;
            $("join-button").disabled = false;
            show("join");
          }

          async function api(path, body) {
            const headers = { "Content-Type": "application/json" };
            if (state.session) headers["Authorization"] = "Bearer " + state.session;
            const response = await fetch(path, { method: "POST", headers, body: body === undefined ? undefined : JSON.stringify(body) });
            let data = null;
            if (response.status !== 204) { try { data = await response.json(); } catch (e) { data = null; } }
            return { response, data };
          }
          const sentence = (text) => text.charAt(0).toUpperCase() + text.slice(1) + (/[.!?]$/.test(text) ? "" : ".");
          const errorText = (data, fallback) => (data && data.error && data.error.message) ? sentence(data.error.message) : fallback;
          /** Why a join was refused, in the page's words. */
          function joinRefusal(response, data) {
            if (data && data.error && data.error.code === "banned") {
              let text = "You are banned" + reasonText(data.error.reason) + ".";
              text += data.error.expires_at ? " The ban ends " + new Date(data.error.expires_at).toLocaleString() + "." : " The ban is permanent.";
              return text;
            }
            return errorText(data, "Could not join (status " + response.status + ").");
          }

          // ---- forms ----
          $("join-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const nick = $("nick").value.trim();
            $("join-error").textContent = "";
            if (!/^[A-Za-z0-9_-]{1,16}$/.test(nick)) {
              $("join-error").textContent = "A nick is 1 to 16 letters, digits, _ or -.";
              return;
            }
            $("join-button").disabled = true;
            try {
              const { response, data } = await api("/api/join", { nick });
              if (response.ok) { enter(data); return; }
              $("join-error").textContent = joinRefusal(response, data);
            } catch (error) {
              $("join-error").textContent = "Cannot reach the server. Check your connection and try again.";
            } finally {
              $("join-button").disabled = false;
            }
          });

          // ---- reports ----
          async function report(seq, from) {
            const reason = window.prompt("Report this message of " + from + " to the moderators: why? (optional)");
            if (reason === null) return;
            $("send-error").textContent = "";
            try {
              const { response, data } = await api("/api/report", { seq, reason: reason || null });
              if (response.ok) {
                system("Reported " + from + "'s message to the moderators. Thank you.", null);
                return;
              }
              const retry = response.headers.get("Retry-After");
              $("send-error").textContent = response.status === 429 && retry ?
                "You are reporting too fast; you can report again in " + retry + " s." :
                errorText(data, "Not reported (status " + response.status + ").");
            } catch (error) {
              $("send-error").textContent = "Not reported: cannot reach the server.";
            }
          }

          // ---- moderators ----
          async function moderate(action, target, duration, reason) {
            $("send-error").textContent = "";
            try {
              const { response, data } = await api("/api/moderate", { action, target, duration, reason });
              if (response.ok) { system("Done: " + data.done + ".", null); return true; }
              $("send-error").textContent = errorText(data, "Not done (status " + response.status + ").");
            } catch (error) {
              $("send-error").textContent = "Not done: cannot reach the server.";
            }
            return false;
          }

          const HELP = "Commands: /kick NICK [reason], /ban NICK|IP|CIDR [duration] [reason], /mute NICK|IP|CIDR [duration] [reason], " +
            "/unban ID|TARGET, /unmute ID|TARGET, /remove NUMBER [reason] (or a message's Remove button), /purge NICK|IP|CIDR [duration] [reason] " +
            "(their messages of the last 10m, or of the duration), /help. Durations look like 90s, 30m, 2h, 7d; without one, a ban or mute is permanent.";
          const isDuration = (word) => /^(\d+[smhdw])+$/i.test(word || "");

          /** Runs a slash command; returns true when the line was one. */
          async function slash(line) {
            if (!line.startsWith("/")) return false;
            const words = line.trim().split(/\s+/);
            const command = words[0].slice(1).toLowerCase();
            if (command === "help") { system(HELP, null); return true; }
            if (!["kick", "ban", "mute", "unban", "unmute", "remove", "purge"].includes(command)) {
              $("send-error").textContent = "Unknown command /" + command + ". Type /help for the list.";
              return true;
            }
            if (!state.role) {
              $("send-error").textContent = "/" + command + " is for moderators: sign in with a moderator account first.";
              return true;
            }
            const target = words[1];
            if (!target) { $("send-error").textContent = "Usage: " + HELP; return true; }
            let rest = words.slice(2);
            let duration = null;
            if (["ban", "mute", "purge"].includes(command) && isDuration(rest[0])) { duration = rest[0]; rest = rest.slice(1); }
            const reason = rest.join(" ") || null;
            await moderate(command, target, duration, reason);
            return true;
          }

          $("signin-button").addEventListener("click", () => {
            $("signin-form").hidden = false;
            $("mod-user").focus();
          });
          $("signin-cancel").addEventListener("click", () => { $("signin-form").hidden = true; });
          $("signin-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            $("signin-error").textContent = "";
            try {
              const { response, data } = await api("/api/signin", { username: $("mod-user").value, password: $("mod-password").value });
              $("mod-password").value = "";
              if (!response.ok) { $("signin-error").textContent = errorText(data, "Not signed in (status " + response.status + ")."); return; }
              setRole(data.role);
              $("signin-form").hidden = true;
              $("signin-button").hidden = true;
              $("me").textContent = "as " + state.nick + " (" + data.role + (data.account === state.nick ? "" : ": " + data.account) + ")";
              renderPeople();
              system("Signed in as " + data.account + " (" + data.role + "). Type /help for moderator commands.", null);
            } catch (error) {
              $("signin-error").textContent = "Cannot reach the server.";
            }
          });

          $("send-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const input = $("text");
            const text = input.value;
            if (!text.trim()) return;
            $("send-error").textContent = "";
            if (text.startsWith("/")) {
              if (await slash(text)) { input.value = ""; return; }
            }
            try {
              const { response, data } = await api("/api/send", { text });
              if (response.ok) { input.value = ""; return; }
              if (response.status === 401) {
                // What was typed stays in the box, to send again once back in.
                rejoin();
                return;
              }
              let message = errorText(data, "Not sent (status " + response.status + ").");
              const retry = response.headers.get("Retry-After");
              if (response.status === 429 && retry) message = "You are sending too fast; you can send again in " + retry + " s.";
              if (data && data.error && data.error.code === "muted" && data.error.expires_at) {
                message = "You are muted" + reasonText(data.error.reason) + " until " + new Date(data.error.expires_at).toLocaleString() + ".";
              }
              $("send-error").textContent = message;
            } catch (error) {
              $("send-error").textContent = "Not sent: cannot reach the server.";
            }
          });

          $("leave-button").addEventListener("click", async () => {
            const session = state.session;
            if (!session) return;
            try { await api("/api/leave"); } catch (error) { /* leaving anyway */ }
            end("You left the room.");
          });

          window.addEventListener("pagehide", () => {
            if (state.pollAbort) state.pollAbort.abort();
          });

          // A reload keeps the session: pick up from the saved cursor.
          try {
            const saved = JSON.parse(sessionStorage.getItem("chat") || "null");
            if (saved && saved.session) {
              fetch("/api/users").then((r) => r.json()).then((data) => {
                enter({ session: saved.session, nick: saved.nick, cursor: saved.cursor, users: data.users, history: [] });
              }).catch(() => show("join"));
            } else {
              show("join");
            }
          } catch (error) {
            show("join");
          }
        })();
        """#
}
