// A JsSIP user agent in the page: registers over WSS with digest, places an INVITE (which Vouch answers with a
// 302 carrying an Identity header), optionally waits for a MESSAGE, and leaves everything it saw in window.vouchResult.
import JsSIP from 'jssip';

const log = (line) => {
  document.getElementById('log').textContent += line + '\n';
};

function silentStream() {
  // a real audio track without asking for a microphone
  const ctx = new AudioContext();
  const dest = ctx.createMediaStreamDestination();
  const osc = ctx.createOscillator();
  osc.connect(dest);
  osc.start();
  return dest.stream;
}

function headers(message, name) {
  return message && typeof message.getHeaders === 'function' ? message.getHeaders(name) : [];
}

window.vouchRun = function (cfg) {
  const result = { registered: null, invite: null, message: null, errors: [] };
  window.vouchResult = result;
  const socket = new JsSIP.WebSocketInterface(cfg.wss);
  const ua = new JsSIP.UA({
    sockets: [socket],
    uri: cfg.uri,
    password: cfg.password,
    register: true,
    register_expires: 600,
    session_timers: false,
    connection_recovery_min_interval: 30,
    connection_recovery_max_interval: 60,
  });
  window.vouchUa = ua;
  const done = (what) => {
    log('done: ' + what);
    result.done = what;
  };
  ua.on('registrationFailed', (e) => {
    result.registered = { ok: false, status: e.response ? e.response.status_code : 0, cause: e.cause };
    done('registration failed');
  });
  ua.on('newMessage', (e) => {
    if (e.originator === 'remote') {
      result.message = { from: e.request.from.uri.toString(), body: e.request.body };
      log('MESSAGE ' + e.request.body);
    }
  });
  ua.on('registered', (e) => {
    result.registered = {
      ok: true,
      status: e.response.status_code,
      contacts: headers(e.response, 'Contact'),
      via: e.response.getHeader('Via'),
    };
    log('registered ' + e.response.status_code);
    const session = ua.call(cfg.target, {
      mediaStream: silentStream(),
      pcConfig: { iceServers: [] },
    });
    session.on('failed', (f) => {
      result.invite = {
        originator: f.originator,
        cause: f.cause,
        status: f.message && f.message.status_code ? f.message.status_code : 0,
        identity: headers(f.message, 'Identity'),
        contact: headers(f.message, 'Contact'),
      };
      log('INVITE ' + result.invite.status + ' ' + f.cause);
      if (cfg.awaitMessage && !result.message) {
        const t0 = Date.now();
        const wait = setInterval(() => {
          if (result.message || Date.now() - t0 > cfg.awaitMessage) {
            clearInterval(wait);
            done('invite answered');
          }
        }, 50);
      } else {
        done('invite answered');
      }
    });
    session.on('confirmed', () => {
      result.invite = { status: 200, cause: 'confirmed' };
      session.terminate();
      done('invite answered');
    });
  });
  ua.start();
};
