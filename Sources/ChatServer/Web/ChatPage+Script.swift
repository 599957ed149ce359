extension ChatPage {
    /// The page's behaviour: join, the long-poll loop with back-off, sending, leaving.
    static let script = #"""
        "use strict";
        (() => {
          const $ = (id) => document.getElementById(id);
          const state = { session: null, nick: null, cursor: 0, polling: false, pollAbort: null, people: new Map(), backoff: 0 };

          // ---- rendering: text only, never HTML ----
          function timeOf(at) {
            const date = at ? new Date(at) : new Date();
            const el = document.createElement("time");
            el.dateTime = date.toISOString();
            el.textContent = date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
            return el;
          }
          function addLine(kind, at, parts) {
            const list = $("messages");
            const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 60;
            const li = document.createElement("li");
            li.className = kind;
            li.appendChild(timeOf(at));
            for (const [cls, text] of parts) {
              const span = document.createElement("span");
              if (cls) span.className = cls;
              span.textContent = text;
              li.appendChild(span);
            }
            list.appendChild(li);
            while (list.children.length > 1000) list.removeChild(list.firstChild);
            if (nearBottom) list.scrollTop = list.scrollHeight;
          }
          const system = (text, at, extra) => addLine("system" + (extra ? " " + extra : ""), at, [[null, text]]);
          function renderPeople() {
            const ul = $("people");
            ul.replaceChildren();
            for (const nick of [...state.people.values()].sort((a, b) => a.localeCompare(b))) {
              const li = document.createElement("li");
              li.textContent = nick;
              if (nick === state.nick) li.className = "self";
              ul.appendChild(li);
            }
            $("people-count").textContent = "(" + state.people.size + ")";
          }
          const setStatus = (text) => { $("status").textContent = text; };

          // ---- events ----
          function reasonText(reason) { return reason ? " (" + reason + ")" : ""; }
          function handle(ev) {
            switch (ev.type) {
              case "message":
                addLine(ev.nick === state.nick ? "message self" : "message", ev.at, [["nick", ev.nick], ["text", ev.text]]);
                break;
              case "join":
                state.people.set(ev.nick.toLowerCase(), ev.nick); renderPeople();
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
              case "mute":
                system((ev.nick === state.nick ? "You were" : ev.nick + " was") + " muted" + reasonText(ev.reason), ev.at, "alert");
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
          async function pollLoop() {
            if (state.polling) return;
            state.polling = true;
            while (state.session) {
              const controller = new AbortController();
              state.pollAbort = controller;
              try {
                const response = await fetch("/api/poll?since=" + state.cursor, {
                  headers: { "Authorization": "Bearer " + state.session }, signal: controller.signal, cache: "no-store" });
                if (response.status === 401) { end("Your session has ended. Join again to keep chatting."); break; }
                if (!response.ok) throw new Error("status " + response.status);
                const data = await response.json();
                state.backoff = 0;
                setStatus("");
                let going = true;
                for (const ev of data.events) {
                  if (!going) break;
                  going = handle(ev);
                }
                if (!going) break;
                state.cursor = data.cursor;
                save();
              } catch (error) {
                if (!state.session) break;
                state.backoff = Math.min(state.backoff ? state.backoff * 2 : 1000, 30000);
                setStatus("Connection lost; retrying in " + Math.round(state.backoff / 1000) + " s…");
                await new Promise((resolve) => setTimeout(resolve, state.backoff));
              }
            }
            state.polling = false;
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

          function enter(data) {
            state.session = data.session;
            state.nick = data.nick;
            state.cursor = data.cursor;
            state.people = new Map((data.users || []).map((u) => [u.nick.toLowerCase(), u.nick]));
            $("messages").replaceChildren();
            for (const ev of data.history || []) handle(ev);
            renderPeople();
            $("me").textContent = "as " + data.nick;
            save();
            show("chat");
            pollLoop();
          }

          function end(message) {
            state.session = null;
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
              let text = errorText(data, "Could not join (status " + response.status + ").");
              if (data && data.error && data.error.code === "banned" && data.error.expires_at) {
                text += " Until " + new Date(data.error.expires_at).toLocaleString() + ".";
              }
              $("join-error").textContent = text;
            } catch (error) {
              $("join-error").textContent = "Cannot reach the server. Check your connection and try again.";
            } finally {
              $("join-button").disabled = false;
            }
          });

          $("send-form").addEventListener("submit", async (event) => {
            event.preventDefault();
            const input = $("text");
            const text = input.value;
            if (!text.trim()) return;
            $("send-error").textContent = "";
            try {
              const { response, data } = await api("/api/send", { text });
              if (response.ok) { input.value = ""; return; }
              if (response.status === 401) { end("Your session has ended. Join again to keep chatting."); return; }
              let message = errorText(data, "Not sent (status " + response.status + ").");
              const retry = response.headers.get("Retry-After");
              if (response.status === 429 && retry) message = "You are sending too fast; you can send again in " + retry + " s.";
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
