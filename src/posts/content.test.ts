import { test } from 'node:test';
import assert from 'node:assert/strict';
import { extractHashtags, extractMentions, renderContent, statusLength } from './content.js';

const opts = { publicUrl: 'https://pub.example', domain: 'pub.example', mentionable: new Map([['bob', 'Bob']]) };
const html = (text: string) => renderContent(text, opts);

test('every piece of user text is escaped; the only markup is what the renderer makes', () => {
  const out = html(`<script>alert("x")</script> & 'quotes' <b>bold</b> <a href="javascript:alert(1)">x</a>`);
  assert.equal(out, '<p>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39; &lt;b&gt;bold&lt;/b&gt; &lt;a href=&quot;javascript:alert(1)&quot;&gt;x&lt;/a&gt;</p>');
  assert.ok(!/<(script|b|a )/.test(out.replace(/<\/?p>/g, '')));
});

test('http and https addresses become links that open safely; others stay text', () => {
  const out = html('see https://example.org/a?b=1&c=2 and http://x.test. not javascript:alert(1) or ftp://f.test');
  assert.match(out, /<a href="https:\/\/example.org\/a\?b=1&amp;c=2" rel="nofollow noopener noreferrer" target="_blank"><span class="invisible">https:\/\/<\/span><span class="">example.org\/a\?b=1&amp;c=2<\/span><\/a>/);
  assert.match(out, /<a href="http:\/\/x.test" [^>]+>.*?<\/a>\. not/, 'the full stop ends the sentence, not the link');
  assert.ok(!out.includes('href="javascript'));
  assert.ok(!out.includes('href="ftp'));
});

test('a link keeps balanced brackets, loses an unbalanced closing one, and long ones are shortened for display only', () => {
  assert.match(html('(https://en.wikipedia.org/wiki/Foo_(bar))'), /href="https:\/\/en.wikipedia.org\/wiki\/Foo_\(bar\)"/);
  assert.match(html('(see https://example.org/x)'), /href="https:\/\/example.org\/x"/);
  const long = `https://example.org/${'a'.repeat(60)}`;
  const out = html(long);
  assert.match(out, new RegExp(`href="${long}"`));
  assert.match(out, /<span class="ellipsis">example.org\/a{18}<\/span><span class="invisible">a{42}<\/span>/);
});

test('a quote in an address cannot break out of the attribute', () => {
  const out = html('https://example.org/"onmouseover="alert(1)');
  assert.ok(!out.includes('"onmouseover'));
  assert.match(out, /href="https:\/\/example.org\/"/);
});

test('mentions of local accounts link to their profile; unknown and other-server mentions stay text', () => {
  const out = html('hi @bob and @BOB@pub.example, not @carol, @bob@elsewhere.org or mail@bob.example');
  assert.equal((out.match(/class="u-url mention"/g) ?? []).length, 2);
  assert.match(out, /<span class="h-card" translate="no"><a href="https:\/\/pub.example\/@Bob" class="u-url mention">@<span>Bob<\/span><\/a><\/span>/);
  assert.match(out, /not @carol, @bob@elsewhere.org or mail@bob.example/);
  assert.deepEqual(extractMentions('@bob @Bob @carol@pub.example @dave@elsewhere.org x@eve', 'pub.example'), ['bob', 'carol']);
});

test('hashtags link to the tag page; numbers, anchors and tags inside links are not hashtags', () => {
  const out = html('#Liberty and #élan, not #123, a#b, or https://example.org/#frag');
  assert.match(out, /<a href="https:\/\/pub.example\/tags\/liberty" class="mention hashtag" rel="tag">#<span>Liberty<\/span><\/a>/);
  assert.match(out, /href="https:\/\/pub.example\/tags\/%C3%A9lan"/);
  assert.equal((out.match(/class="mention hashtag"/g) ?? []).length, 2);
  assert.deepEqual(extractHashtags('#Liberty #liberty #LIBERTY #other #123 https://x.org/#no'), ['Liberty', 'other']);
});

test('blank lines make paragraphs and single line breaks stay; empty text is empty content', () => {
  assert.equal(html('one\ntwo\n\n\nthree\r\nfour'), '<p>one<br />two</p><p>three<br />four</p>');
  assert.equal(html('  \n '), '');
});

test('length is counted as Mastodon counts it', () => {
  assert.equal(statusLength('x'.repeat(500)), 500);
  assert.equal(statusLength(`look https://example.org/${'p'.repeat(300)}`), 5 + 23, 'a link counts 23');
  assert.equal(statusLength('👩‍👩‍👧‍👦🇫🇷é'), 3, 'graphemes, not code units');
  assert.equal(statusLength('@bob@elsewhere.org'), 4, 'a remote mention counts as @handle');
  assert.equal(statusLength('body', 'warning'), 11, 'the content warning counts');
});
