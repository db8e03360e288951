/**
 * The simulator's look: Telegram's light theme on a phone first (the chat wallpaper, white bubbles on
 * the left, green ones on the right, the time in the bubble's corner, the inline keyboard under its
 * message, the reply keyboard under the composer), and the sandbox's own pages around it.
 * Colours of text keep a contrast of at least 4.5:1 on what they sit on.
 */
export const CSS = `*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;scroll-padding-top:4.5rem}
body{font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",sans-serif;margin:0;color:#111}
a{color:#1d5fb4}
:focus-visible{outline:3px solid #1d5fb4;outline-offset:2px}
.sr{position:absolute!important;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
button{font:inherit;cursor:pointer}
/* ---- the sandbox's own pages ---- */
body.page{background:#f1f2f6}
header.site{display:flex;justify-content:space-between;gap:1rem;padding:.75rem 1rem;background:#fff;border-bottom:1px solid #dadce0}
header.site nav{display:flex;flex-wrap:wrap;gap:.25rem 1rem}
body.page main{max-width:40rem;margin:0 auto;padding:1rem .75rem}
h1{font-size:1.3rem;margin:.25rem 0 1rem}h2{font-size:1.05rem;margin:1.5rem 0 .5rem;color:#3d4a57}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}
body.page input[type=text],body.page select,body.page textarea{width:100%;font:inherit;padding:.55rem .7rem;min-height:44px;border:1px solid #5f6368;border-radius:8px;background:#fff}
body.page button{font-weight:600;margin-top:.75rem;padding:.55rem 1.1rem;min-height:44px;border:0;border-radius:8px;background:#2a6fd6;color:#fff}
body.page button.secondary{background:#fff;color:#1d5fb4;border:1px solid #1d5fb4}
ul{padding-left:1.2rem}.muted{color:#4a5560}
.row{display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end}.row select{flex:1 1 12rem;width:auto;min-width:0;max-width:100%}.row button{flex:0 0 auto}
.panel{background:#fff;border:1px solid #dadce0;border-radius:12px;padding:.25rem 1rem 1rem;margin:1rem 0}
.note{background:#fff8e1;border:1px solid #f0d48a;border-radius:8px;padding:.6rem .8rem}
.error{background:#fdecea;border:1px solid #e6a19a;border-radius:8px;padding:.6rem .8rem;color:#8c1d18}
.replying{display:flex;justify-content:space-between;gap:.5rem;align-items:baseline;background:#fff;border-left:3px solid #2a6fd6;padding:.4rem .6rem;margin:.25rem 0 .4rem;overflow:hidden}
.replying span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap;min-width:0}
body.page .chat{background:#cfdcba linear-gradient(160deg,#dde7c8,#b8cd9c);border-radius:12px;padding:.6rem .5rem}
/* ---- lists of chats and topics ---- */
.list{list-style:none;margin:0;padding:0;background:#fff;border-radius:12px;overflow:hidden;border:1px solid #dfe1e5}
.list li+li{border-top:1px solid #eceef1}
.list li.none{padding:.8rem 1rem;color:#4a5560}
.list a{display:flex;gap:.7rem;align-items:center;padding:.55rem .7rem;color:inherit;text-decoration:none;min-height:64px}
.list a:hover{background:#f4f6f8}
.row-main{flex:1;min-width:0;display:flex;flex-direction:column}
.row-top{display:flex;gap:.4rem;align-items:baseline}
.row-name{flex:1;min-width:0;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row-time{font-size:.8rem;color:#5f6b76;flex:0 0 auto}
.row-last{color:#4f5b66;font-size:.92rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.row-last b{font-weight:500;color:#1d5fb4}
.closed{flex:0 0 auto;color:#5f6b76;font-size:.8rem}
.marks{flex:0 0 auto}
/* ---- pictures ---- */
.avatar{flex:0 0 auto;width:44px;height:44px;border-radius:50%;display:inline-flex;align-items:center;justify-content:center;color:#fff;font-weight:700;font-size:1.15rem;background:#5f6b76}
.avatar.small{width:32px;height:32px;font-size:.95rem}
.avatar.icon{background:#eef1f4;color:inherit;font-size:1.45rem;font-weight:400}
.c0{--c:#c0392f}.c1{--c:#a35300}.c2{--c:#7440b8}.c3{--c:#2b7a2b}.c4{--c:#0a7280}.c5{--c:#2463c5}.c6{--c:#ad3572}
.avatar.c0,.avatar.c1,.avatar.c2,.avatar.c3,.avatar.c4,.avatar.c5,.avatar.c6{background:var(--c)}
/* ---- a chat ---- */
/* The page is as tall as the screen: the bar, the messages (a scroller of their own, which starts at its end
   because it runs bottom up: the newest message is in view with no script and no #fragment), the composer. */
body.tg{height:100vh;height:100dvh;display:flex;flex-direction:column;overflow:hidden;background:#cfdcba linear-gradient(160deg,#dde7c8,#b8cd9c)}
.top{flex:0 0 auto;position:relative;z-index:10;background:#fff;box-shadow:0 1px 2px rgba(0,0,0,.15)}
.bar{display:flex;align-items:center;gap:.6rem;padding:.3rem .5rem;min-height:56px;max-width:48rem;margin:0 auto}
.back{display:inline-flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;font-size:1.45rem;color:#4f5b66;text-decoration:none;border-radius:50%}
.peerwrap{flex:1;min-width:0;display:flex;align-items:center;gap:.6rem}
.peer{flex:1;min-width:0;display:flex;flex-direction:column}
.peer h1{font-size:1rem;margin:0;font-weight:600;line-height:1.25;overflow:hidden;display:-webkit-box;-webkit-line-clamp:2;-webkit-box-orient:vertical;overflow-wrap:anywhere}
.peer .sub{font-size:.85rem;color:#5f6b76;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.menu{position:relative}
.menu summary{list-style:none;display:inline-flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;font-size:1.5rem;color:#4f5b66;cursor:pointer;border-radius:50%}
.menu summary::-webkit-details-marker{display:none}
.menu nav{position:absolute;right:0;top:100%;background:#fff;border-radius:12px;box-shadow:0 4px 18px rgba(0,0,0,.22);padding:.35rem 0;min-width:14rem;display:flex;flex-direction:column;z-index:20}
.menu nav a{padding:.65rem 1rem;color:#111;text-decoration:none;min-height:44px}
.menu nav a:hover{background:#f1f3f5}
.pin{display:flex;gap:.6rem;align-items:center;max-width:48rem;margin:0 auto;padding:.35rem .8rem;border-top:1px solid #eceef1;color:inherit;text-decoration:none;min-height:44px}
.pin .pbar{align-self:stretch;width:3px;border-radius:2px;background:#2a6fd6}
.pin span{display:flex;flex-direction:column;min-width:0}
.pin b{font-size:.85rem;color:#1d5fb4}
.pin small{font-size:.9rem;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.wall{flex:1 1 auto;min-height:0;overflow-y:auto;display:flex;flex-direction:column-reverse;overscroll-behavior:contain;scroll-padding-top:2.5rem}
.chat{display:flex;flex-direction:column;gap:2px;width:100%;max-width:48rem;margin:0 auto;padding:.5rem .5rem .75rem}
.empty{align-self:center;background:rgba(30,45,20,.65);color:#fff;border-radius:12px;padding:.5rem .9rem;margin:2rem 0}
.day{align-self:center;margin:.6rem 0 .2rem;position:sticky;top:.4rem;z-index:1}
.day span,.msg.service span{display:inline-block;background:rgba(30,45,20,.65);color:#fff;border-radius:999px;padding:.15rem .65rem;font-size:.85rem;font-weight:500}
.msg{display:flex;flex-direction:column;align-items:flex-start;max-width:min(86%,30rem)}
.msg.first{margin-top:.35rem}
.msg.mine{align-self:flex-end;align-items:flex-end}
.msg.has-kb{width:min(94%,30rem)}
.msg.has-kb .bubble{align-self:stretch}
.msg.service{align-self:center;max-width:92%;text-align:center;margin:.3rem 0}
.msg.service span{white-space:normal;line-height:1.35;padding:.25rem .75rem;border-radius:14px}
.bubble{position:relative;background:#fff;border-radius:14px;padding:.3rem .6rem .35rem;box-shadow:0 1px 1px rgba(0,0,0,.13);overflow-wrap:anywhere;min-width:5rem;max-width:100%}
.msg.mine .bubble{background:#e6fbd2}
.msg.last:not(.mine) .bubble{border-bottom-left-radius:4px}
.msg.last.mine .bubble{border-bottom-right-radius:4px}
.who{display:block;font-weight:600;font-size:.88rem;color:var(--c,#1d5fb4);margin-bottom:.05rem}
.fwd{display:block;font-size:.85rem;color:#1d5fb4}
.text{white-space:pre-wrap}
.text::after{content:'';display:inline-block;width:3.4rem}
.msg.mine .text::after{width:4.6rem}
.meta{position:absolute;right:.55rem;bottom:.2rem;font-size:.75rem;color:#5f6b76;white-space:nowrap;line-height:1.2}
.msg.mine .meta{color:#2f6b25}
.bubble>.meta{position:static;display:block;text-align:right;margin-top:.15rem}
.bubble.bare{background:transparent;box-shadow:none;padding:0}
.bubble.bare .meta{position:absolute;right:.4rem;bottom:.4rem;background:rgba(0,0,0,.55);color:#fff;border-radius:8px;padding:.05rem .4rem}
.bubble.bare .who{background:#fff;border-radius:8px;padding:0 .4rem;display:inline-block;margin-bottom:.2rem}
.text b,.text strong{font-weight:700}
.text code{font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:.9em;background:rgba(0,0,0,.06);border-radius:4px;padding:0 .2em;color:#8a1c3c}
.text pre{white-space:pre-wrap;background:rgba(0,0,0,.05);border-left:3px solid #2a6fd6;border-radius:6px;padding:.35rem .55rem;margin:.2rem 0;font-size:.88rem}
.text pre code{background:none;padding:0;color:inherit}
.text pre .lang{display:block;font:600 .8rem system-ui,sans-serif;color:#1d5fb4}
.text blockquote{margin:.2rem 0;padding:.15rem .55rem;border-left:3px solid var(--q,#2a6fd6);background:rgba(42,111,214,.08);border-radius:4px}
.msg.mine .text blockquote{--q:#3e8a31;background:rgba(62,138,49,.1)}
.text blockquote.expandable{max-height:4.4em;overflow:hidden}
.text blockquote.expandable:hover,.text blockquote.expandable:focus-within{max-height:none}
.spoiler{background:#8d969e;color:transparent;border-radius:4px;cursor:pointer;transition:color .2s,background .2s}
.spoiler:hover,.spoiler:focus{background:rgba(0,0,0,.08);color:inherit}
.ent{color:#1d5fb4}
.quote{display:flex;flex-direction:column;border-left:3px solid var(--q,#2a6fd6);background:rgba(42,111,214,.08);border-radius:6px;padding:.15rem .5rem;margin:.1rem 0 .25rem;text-decoration:none;color:inherit;font-size:.88rem;min-width:0}
.msg.mine .quote{--q:#3e8a31;background:rgba(62,138,49,.1)}
.quote b{color:#1d5fb4;font-size:.85rem}.msg.mine .quote b{color:#2f6b25}
.quote span{overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.photo{display:block;margin:.15rem -.35rem .2rem;line-height:0}
.bubble.bare .photo{margin:0}
.photo img{display:block;max-width:100%;width:auto;height:auto;max-height:22rem;border-radius:10px;background:#dfe3e7}
.file{display:flex;gap:.6rem;align-items:center;padding:.25rem 0;color:inherit;text-decoration:none;min-height:44px}
.ficon{flex:0 0 auto;width:44px;height:44px;border-radius:50%;background:#2a6fd6;color:#fff;display:inline-flex;align-items:center;justify-content:center;font-size:1.2rem}
.msg.mine .ficon{background:#3e8a31}
.fname{display:flex;flex-direction:column;min-width:0}
.fname span{font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.fname small{color:#5f6b76}.msg.mine .fname small{color:#2f6b25}
a.file .fname span{color:#1d5fb4}.msg.mine a.file .fname span{color:#2f6b25}
.sticker{font-size:4.5rem;line-height:1.1}
.poll ul{margin:.3rem 0 0;padding-left:1.1rem}.poll .sub{display:block;font-size:.85rem;color:#5f6b76}
.bubble>.file+.meta,.bubble>.poll+.meta{position:absolute}
/* reply: a round arrow beside the message, as Telegram shows on hover */
.msg{position:relative}
.reply{position:absolute;bottom:0;right:-42px;width:36px;height:36px;border-radius:50%;background:rgba(30,45,20,.55);color:#fff;display:flex;align-items:center;justify-content:center;text-decoration:none;font-size:1.05rem}
.msg.mine .reply{right:auto;left:-42px}
.msg.has-kb .reply{bottom:auto;top:.2rem}
/* inline keyboard: under its message, one line per row, the row's buttons sharing it equally */
.ikb{display:flex;flex-direction:column;gap:3px;margin-top:3px;align-self:stretch}
.ikb .r{display:flex;gap:3px}
.ikb .r>*{flex:1 1 0;min-width:0;margin:0;display:flex}
.ikb button,.ikb a,.ikb .btn{flex:1;position:relative;display:flex;align-items:center;justify-content:center;text-align:center;margin:0;min-height:42px;padding:.35rem .6rem;border:0;border-radius:10px;background:rgba(30,45,20,.62);color:#fff;font-weight:600;font-size:.92rem;line-height:1.2;text-decoration:none;overflow-wrap:break-word;hyphens:auto}
.ikb button:hover,.ikb a:hover{background:rgba(30,45,20,.75)}
.ikb .btn.off{opacity:.8;cursor:default}
.ikb .out{position:absolute;top:.15rem;right:.35rem;font-size:.7rem}
/* composer and reply keyboard */
.composer{flex:0 0 auto;position:relative;z-index:10;max-height:70%;overflow-y:auto;background:#fff;border-top:1px solid #dfe1e5;padding:.4rem .5rem calc(.4rem + env(safe-area-inset-bottom))}
.compose{max-width:48rem;margin:0 auto;position:relative}
.line{display:flex;align-items:flex-end;gap:.35rem}
.attach{display:inline-flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;margin:0;font-size:1.35rem;cursor:pointer;border-radius:50%;color:#4f5b66;font-weight:400}
.compose input.file{position:absolute;top:0;left:0;width:1px;height:1px;padding:0;border:0;opacity:0;overflow:hidden;clip-path:inset(50%)}
.compose input.file:focus-visible+.picked,.attach:has(+input:focus-visible){outline:3px solid #1d5fb4}
.compose textarea{flex:1;min-width:0;font:inherit;line-height:1.35;padding:.6rem .8rem;min-height:44px;max-height:9rem;border:1px solid #c3c9cf;border-radius:22px;background:#fff;resize:none}
.compose textarea:focus{border-color:#2a6fd6;outline:none;box-shadow:0 0 0 2px rgba(42,111,214,.35)}
.send{flex:0 0 auto;width:44px;height:44px;margin:0;border:0;border-radius:50%;background:#2a6fd6;color:#fff;font-size:1.15rem;display:inline-flex;align-items:center;justify-content:center}
.picked{display:block;font-size:.85rem;color:#4f5b66;padding:.15rem .3rem 0 3.2rem}
.picked:empty{display:none}
.as{display:flex;align-items:center;gap:.5rem;margin:0 0 .35rem}
.as label{margin:0;font-size:.85rem;font-weight:600;color:#4f5b66}
.as select{flex:1;min-width:0;font:inherit;font-size:.92rem;padding:.3rem .5rem;min-height:36px;border:1px solid #c3c9cf;border-radius:8px;background:#fff}
.actions{display:flex;flex-wrap:wrap;gap:.35rem;margin-top:.4rem}
.actions button{margin:0;padding:.3rem .75rem;min-height:36px;border:1px solid #c3c9cf;border-radius:999px;background:#fff;color:#1d5fb4;font-size:.88rem;font-weight:600}
.rkb{display:flex;flex-direction:column;gap:4px;margin:.45rem -.5rem -.4rem;padding:.45rem .45rem;background:#eef0f3}
.rkb .r{display:flex;gap:4px}
.rkb button{flex:1 1 0;min-width:0;margin:0;min-height:44px;padding:.35rem .5rem;border:0;border-radius:8px;background:#fff;color:#111;box-shadow:0 1px 1px rgba(0,0,0,.2);font-size:.95rem;overflow-wrap:anywhere}
.closed-note{max-width:48rem;margin:0 auto;text-align:center;color:#4f5b66;font-size:.92rem;padding:.3rem}
/* going to the newest message; what a pressed button answered */
.to-last{position:fixed;right:1rem;bottom:var(--composer,6.5rem);margin-bottom:.75rem;z-index:11;width:48px;height:48px;border-radius:50%;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.3);display:flex;align-items:center;justify-content:center;text-decoration:none;color:#4f5b66;font-size:1.3rem}
.to-last[hidden]{display:none}
.toast{position:fixed;left:50%;top:4.8rem;transform:translateX(-50%);z-index:30;max-width:min(90vw,26rem);background:rgba(20,24,28,.88);color:#fff;border-radius:12px;padding:.6rem 1rem;animation:toast 4.5s forwards;pointer-events:none}
@keyframes toast{0%,85%{opacity:1}100%{opacity:0;visibility:hidden}}
dialog.alert{position:fixed;inset:0;margin:auto;z-index:30;border:0;border-radius:14px;box-shadow:0 8px 30px rgba(0,0,0,.35);max-width:min(90vw,24rem);padding:1rem 1.2rem}
dialog.alert form{text-align:right}
dialog.alert button{border:0;background:none;color:#1d5fb4;font-weight:700;min-height:44px;min-width:64px}
/* the deep link's page: the bot and its Start button */
.start{max-width:26rem;margin:2rem auto;background:#fff;border-radius:16px;padding:1.5rem;text-align:center;box-shadow:0 1px 3px rgba(0,0,0,.15)}
.start .avatar{width:88px;height:88px;font-size:2.4rem}
.start h1{margin:.75rem 0 .1rem}
.start button{width:100%;margin-top:1rem;min-height:48px;border:0;border-radius:10px;background:#2a6fd6;color:#fff;font-weight:700;letter-spacing:.04em;text-transform:uppercase}
@media (min-width:700px){
.chat{padding:.75rem 1rem 1rem}
.to-last{right:calc(50% - 23rem)}
}`;
