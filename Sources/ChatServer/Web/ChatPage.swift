/// The chat page, compiled into the binary. The markup is here; behaviour in ``ChatPage/script``, looks in
/// ``ChatPage/style``. Everything a person typed is inserted with `textContent`, never as HTML.
enum ChatPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Chat</title>
        <link rel="stylesheet" href="/chat.css">
        <script src="/chat.js" defer></script>
        </head>
        <body>
        <main id="app">
          <section id="join-view" aria-labelledby="join-title">
            <h1 id="join-title">Chat</h1>
            <form id="join-form" novalidate>
              <label for="nick">Nick</label>
              <input id="nick" name="nick" autocomplete="nickname" maxlength="16" required
                     pattern="[A-Za-z0-9_\-]{1,16}" aria-describedby="nick-help join-error" autofocus>
              <p id="nick-help" class="help">1 to 16 letters, digits, _ or -</p>
              <button id="join-button" type="submit">Join</button>
              <p id="join-error" class="error" role="alert" aria-live="assertive"></p>
            </form>
          </section>
          <section id="chat-view" hidden aria-label="Chat room">
            <header>
              <h1>Chat</h1>
              <p id="status" role="status" aria-live="polite"></p>
              <span id="me" class="me"></span>
              <button id="notify-button" type="button" class="secondary" hidden aria-pressed="false">Alert me of mentions</button>
              <button id="signin-button" type="button" class="secondary" aria-label="Moderator sign-in"><span class="wide-only">Moderator sign-in</span><span class="narrow-only">Sign in</span></button>
              <button id="leave-button" type="button">Leave</button>
            </header>
            <form id="signin-form" hidden aria-label="Moderator sign-in">
              <label for="mod-user">Account</label>
              <input id="mod-user" name="username" autocomplete="username">
              <label for="mod-password">Password</label>
              <input id="mod-password" name="password" type="password" autocomplete="current-password">
              <button type="submit">Sign in</button>
              <button id="signin-cancel" type="button" class="secondary">Cancel</button>
              <p id="signin-error" class="error" role="alert"></p>
            </form>
            <div class="room">
              <div class="messages-pane">
                <ol id="messages" aria-live="polite" aria-relevant="additions" aria-label="Messages"></ol>
                <button id="new-below" type="button" hidden>New messages ↓</button>
              </div>
              <aside aria-labelledby="people-title">
                <details id="people-panel" open>
                <summary><h2 id="people-title">People <span id="people-count"></span></h2></summary>
                <ul id="people" aria-label="People present"></ul>
                </details>
              </aside>
            </div>
            <form id="send-form" novalidate>
              <input id="text" name="text" autocomplete="off" maxlength="500" placeholder="Say something…" aria-label="Message" aria-describedby="send-error">
              <button id="send-button" type="submit">Send</button>
              <p id="send-error" class="error" role="alert" aria-live="assertive"></p>
            </form>
          </section>
        </main>
        </body>
        </html>
        """#

    static let style = #"""
        :root { --fg: #1d1f23; --muted: #5f6670; --bg: #fafafa; --line: #d9dce1; --accent: #2457c5; --error: #b3261e; }
        * { box-sizing: border-box; }
        html, body { height: 100%; margin: 0; }
        body { font: 16px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
        main { height: 100%; max-width: 960px; margin: 0 auto; display: flex; flex-direction: column; }
        h1 { font-size: 1.25rem; margin: 0; }
        h2 { font-size: 1rem; margin: 0 0 .5rem; }
        #join-view { margin: 15vh auto 0; width: min(22rem, 92vw); }
        #join-view h1 { margin-bottom: 1rem; font-size: 1.6rem; }
        #join-form { display: grid; gap: .4rem; }
        label { font-weight: 600; }
        input { font: inherit; padding: .55rem .6rem; border: 1px solid var(--line); border-radius: 6px; min-width: 0; }
        input:focus { outline: 2px solid var(--accent); outline-offset: 1px; }
        button { font: inherit; padding: .55rem .9rem; border: 0; border-radius: 6px; background: var(--accent); color: #fff; cursor: pointer; }
        button:disabled { opacity: .6; cursor: default; }
        button:focus-visible, a:focus-visible { outline: 3px solid #f2b705; outline-offset: 2px; }
        .help { color: var(--muted); font-size: .85rem; margin: 0; }
        .error { color: var(--error); min-height: 1.4em; margin: 0; }
        #chat-view { display: flex; flex-direction: column; height: 100%; }
        #chat-view[hidden], #join-view[hidden] { display: none; }
        header { display: flex; align-items: center; gap: .75rem; padding: .6rem .8rem; border-bottom: 1px solid var(--line); }
        header h1 { flex: 0 0 auto; }
        #status { flex: 1 1 auto; margin: 0; color: var(--muted); font-size: .9rem; }
        .me { color: var(--muted); font-size: .9rem; }
        #leave-button, button.secondary { background: #6b7280; }
        #signin-form { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem; padding: .6rem .8rem; border-bottom: 1px solid var(--line); }
        #signin-form[hidden] { display: none; }
        #signin-form .error { flex: 1 0 100%; }
        #people li { display: flex; align-items: center; gap: .3rem; }
        #people li .who { flex: 1 1 auto; overflow-wrap: anywhere; }
        #people li { flex-wrap: wrap; }
        #people li button { padding: .1rem .35rem; font-size: .75rem; background: #8a2c2c; }
        #people li button.mute, #people li button.unmute { background: #7a5d1c; }
        #people li button.menu { display: none; background: #6b7280; }
        #people .actions { display: inline-flex; gap: .3rem; }
        .badge { font-size: .7rem; padding: 0 .3rem; border-radius: 4px; white-space: nowrap; }
        .badge.mod { background: #dbe4f8; color: #1a3f91; }
        .badge.muted { background: #f3e3c0; color: #5c4210; }
        .role { color: var(--accent); font-size: .8rem; }
        .room { flex: 1 1 auto; display: flex; min-height: 0; }
        .messages-pane { position: relative; flex: 1 1 auto; display: flex; min-height: 0; min-width: 0; }
        #messages { flex: 1 1 auto; list-style: none; margin: 0; padding: .6rem .8rem; overflow-y: auto; }
        #messages li { display: flex; align-items: baseline; gap: .4rem; padding: .15rem .2rem; }
        #messages li > time { flex: 0 0 4.6rem; white-space: nowrap; color: var(--muted); font-size: .8rem; font-variant-numeric: tabular-nums; }
        #messages li > .body { flex: 1 1 auto; min-width: 0; overflow-wrap: anywhere; }
        #messages li.mention { background: #fff3c4; border-radius: 4px; }
        #messages li.removed .text { color: var(--muted); font-style: italic; }
        #messages button.remove { display: none; flex: 0 0 auto; padding: 0 .4rem; font-size: .75rem; background: #8a2c2c; }
        #chat-view.moderating #messages li.message:not(.removed) button.remove { display: inline-block; }
        #messages button.report { flex: 0 0 auto; padding: 0 .35rem; font-size: .8rem; background: transparent; color: var(--muted); }
        #messages button.report:hover { color: var(--error); }
        #messages li.removed button.report { display: none; }
        #messages li.day { justify-content: center; margin: .5rem 0 .2rem; color: var(--muted); font-size: .8rem; font-weight: 600;
          border-top: 1px solid var(--line); padding-top: .3rem; }
        #messages li.grouped { padding-top: 0; }
        #messages li.grouped > time { visibility: hidden; }
        #messages li.grouped .nick { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
        #messages li.grouped:hover > time { visibility: visible; }
        #messages a { color: var(--accent); }
        #new-below { position: absolute; bottom: .6rem; left: 50%; transform: translateX(-50%); padding: .3rem .9rem; font-size: .85rem;
          box-shadow: 0 1px 4px rgba(0, 0, 0, .25); }
        #new-below[hidden] { display: none; }
        #messages .nick { font-weight: 600; margin-right: .4rem; }
        #messages .system { color: var(--muted); font-style: italic; }
        #messages .alert { color: var(--error); font-style: normal; font-weight: 600; }
        #messages .announcement { color: var(--accent); font-weight: 600; }
        #messages .self .nick { color: var(--accent); }
        aside { flex: 0 0 12rem; border-left: 1px solid var(--line); padding: .6rem .8rem; overflow-y: auto; }
        #people { list-style: none; margin: 0; padding: 0; }
        #people li { padding: .1rem 0; overflow-wrap: anywhere; }
        #send-form { display: flex; flex-wrap: wrap; gap: .5rem; padding: .6rem .8rem; border-top: 1px solid var(--line); }
        #send-form input { flex: 1 1 12rem; }
        #send-form .error { flex: 1 0 100%; }
        @media (max-width: 600px) {
          .room { flex-direction: column-reverse; }
          aside { flex: 0 0 auto; max-height: 6.5rem; border-left: 0; border-bottom: 1px solid var(--line); }
          aside { max-height: 40vh; }
          #people li { display: inline-flex; margin-right: .6rem; }
          #people li button.menu { display: inline-block; }
          #people li .actions { display: none; }
          #people li.open { display: flex; margin-right: 0; }
          #people li.open .actions { display: flex; flex: 1 0 100%; gap: .5rem; padding: .3rem 0; }
          #people li.open .actions button { flex: 1 1 0; padding: .45rem; font-size: .9rem; }
          header { gap: .4rem; padding: .5rem .6rem; }
          header button { padding: .4rem .6rem; white-space: nowrap; }
          .me { flex: 0 1 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
          #status { min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
          .wide-only, #notify-button { display: none; }
          .narrow-only { display: inline; }
          #people-panel summary { cursor: pointer; }
        }
        .narrow-only { display: none; }
        #people-panel summary { list-style: none; }
        #people-panel summary::-webkit-details-marker { display: none; }
        """#
}
