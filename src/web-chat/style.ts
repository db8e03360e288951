/**
 * The web chat's look, served as /chat/static/chat.css (the CSP allows styles from our origin
 * only): a phone first, like a messenger — the conversation fills the screen with the newest
 * message in view and the box to write in under it. Text keeps a contrast of at least 4.5:1.
 */
export const CHAT_CSS = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{font:16px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#14171a;background:#e9edf1}
a{color:#14539a}
:focus-visible{outline:3px solid #14539a;outline-offset:2px}
button,input,textarea{font:inherit}
button{cursor:pointer}
.sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.page{max-width:42rem;margin:0 auto;padding:.75rem .9rem 2rem;background:#fff;min-height:100vh}
.top{display:flex;justify-content:space-between;align-items:flex-start;gap:.75rem;padding:.6rem .9rem;background:#fff;border-bottom:1px solid #d5dbe1}
.top h1{font-size:1.1rem;margin:0}
.top p{margin:.1rem 0 0;font-size:.85rem;color:#48525c}
.top .lang{white-space:nowrap;font-size:.9rem}
h2{font-size:1.05rem;margin:1.25rem 0 .5rem}
.sos{display:block;width:100%;padding:.9rem 1rem;border:0;border-radius:.6rem;background:#b3141a;color:#fff;font-weight:700;font-size:1.05rem;text-align:left}
.sos small{display:block;font-weight:400;font-size:.85rem;margin-top:.2rem}
.note{font-size:.88rem;color:#3e4750;margin:.6rem 0}
.box{border:1px solid #d5dbe1;border-radius:.6rem;padding:.75rem;margin:.75rem 0;background:#f7f9fb}
.alert{border-left:4px solid #b3141a;background:#fdeeee;padding:.6rem .75rem;margin:.5rem 0;border-radius:.3rem}
.ok{border-left:4px solid #1d7a3a;background:#eaf6ee;padding:.6rem .75rem;margin:.5rem 0;border-radius:.3rem}
label{display:block;font-weight:600;margin:.6rem 0 .3rem}
label.check{font-weight:400;display:flex;gap:.5rem;align-items:flex-start;font-size:.9rem}
label.check input{margin:.2rem 0 0;flex:none}
textarea{width:100%;min-height:5.5rem;padding:.6rem;border:1px solid #8a949e;border-radius:.5rem;resize:vertical;background:#fff}
input[type=text]{width:100%;padding:.5rem;border:1px solid #8a949e;border-radius:.4rem}
.send{padding:.6rem 1.2rem;border:0;border-radius:.5rem;background:#14539a;color:#fff;font-weight:600}
.plain{background:none;border:0;color:#14539a;text-decoration:underline;padding:0}
.menu{list-style:none;padding:0;margin:0;display:grid;gap:.4rem}
.menu a{display:block;padding:.6rem .75rem;border:1px solid #d5dbe1;border-radius:.5rem;text-decoration:none;background:#fff}
.article{line-height:1.55;white-space:pre-wrap;overflow-wrap:anywhere;margin-bottom:1rem}
.article blockquote,.msg blockquote{border-left:3px solid #8a949e;margin:.4rem 0;padding:.1rem .6rem}
.spoiler{background:#d5dbe1;color:transparent}.spoiler:hover,.spoiler:focus{color:inherit}
pre{white-space:pre-wrap;overflow-wrap:anywhere}
.pre-line{white-space:pre-line}
/* the conversation: the screen's height, newest at the bottom and in view without a script */
.chat{display:flex;flex-direction:column;height:100vh;height:100dvh;max-width:42rem;margin:0 auto;background:#dfe6ed}
.chat .top{flex:none}
.opts{flex:none;background:#fff;border-bottom:1px solid #d5dbe1;padding:0 .9rem;font-size:.92rem}
.opts summary{padding:.45rem 0;cursor:pointer;color:#14539a}
.opts .link{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
.opts form{display:inline}
.log{flex:1 1 auto;overflow-y:auto;display:flex;flex-direction:column-reverse;padding:.5rem .6rem}
.log ol{list-style:none;margin:0;padding:0}
.msg{max-width:88%;margin:.35rem 0;padding:.45rem .65rem;border-radius:.8rem;background:#fff;white-space:pre-wrap;overflow-wrap:anywhere;box-shadow:0 1px 1px rgba(0,0,0,.08)}
.msg.me{margin-left:auto;background:#d9f3c9}
.msg.staff{background:#fff8e1;border-left:3px solid #b7791f}
.msg.staff .who{color:#7a4a0c}
.msg .who{display:block;font-size:.78rem;font-weight:600;color:#14539a}
.msg .when{display:block;text-align:right;font-size:.72rem;color:#4e5760;margin-top:.15rem}
.msg .quote{display:block;border-left:3px solid #14539a;padding-left:.4rem;font-size:.85rem;color:#3e4750;margin-bottom:.25rem;white-space:normal}
.keys{display:grid;gap:.3rem;margin-top:.4rem;white-space:normal}
.keys .row{display:flex;gap:.3rem}
.keys form{flex:1;display:flex}
.keys button,.keys a{flex:1;padding:.45rem .5rem;border:1px solid #b7c3cf;border-radius:.5rem;background:#f4f8fb;color:#14539a;text-align:center;text-decoration:none;font-size:.92rem}
.linkbox{white-space:normal}
.compose{flex:none;background:#fff;border-top:1px solid #d5dbe1;padding:.5rem .6rem calc(.5rem + env(safe-area-inset-bottom))}
.compose textarea{min-height:3rem;max-height:40vh}
.compose .row{display:flex;gap:.5rem;align-items:flex-end}
.compose .row textarea{flex:1}
.compose .row .send{flex:none;padding:.75rem 1rem}
.compose .quick{display:flex;flex-wrap:wrap;gap:.3rem;margin-bottom:.35rem}
.compose .quick button{padding:.35rem .6rem;border:1px solid #b7c3cf;border-radius:1rem;background:#f4f8fb;color:#14539a}
.watch{display:block;width:100%;height:3.6rem;border:0;border-top:1px solid #d5dbe1;background:#fff}
body.watcher{background:#fff;margin:0;padding:.2rem .6rem;font-size:.8rem;line-height:1.5;color:#3e4750}
body.watcher a{display:inline-block;padding:.15rem .2rem;min-height:24px}
body.watcher [aria-current]{font-weight:700;text-decoration:none;color:#14171a}
.opts.new summary{font-weight:700;color:#1d5a2e}
body.watcher p{margin:0}
body.watcher .new{font-weight:700;color:#14171a}
.danger{background:#b3141a;color:#fff;border:0;border-radius:.5rem;padding:.6rem 1rem;font-weight:600}
@media (min-width:48rem){.chat{border-left:1px solid #cfd6dd;border-right:1px solid #cfd6dd}}
`;
