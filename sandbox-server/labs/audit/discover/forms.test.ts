import { describe, expect, it } from 'vitest';
import { findLoginForm, findLogout } from './forms';

describe('findLoginForm', () => {
  it('reads a conventional login form: fields, remember-me box, CSRF token, action and method', () => {
    const html = `<form method="post" action="/login">
      <input type="hidden" name="csrf_token" value="tok123">
      <input name="username"> <input type="password" name="password">
      <input type="checkbox" name="remember" value="1"> <button>Sign in</button></form>`;
    expect(findLoginForm(html)).toEqual({
      action: '/login',
      method: 'POST',
      username: 'username',
      password: 'password',
      remember: { name: 'remember', value: '1' },
      csrf: 'csrf_token',
      extra: {},
    });
  });

  it('copes with odd orders: password first, token last, label text between, an email username', () => {
    const html = `<FORM ACTION="/session" METHOD="POST"><p>Password <input name="pw" type="PASSWORD"></p>
      <p>Email <input type="email" name="user[email]" autocomplete="email"></p>
      <input type=checkbox name="remember_me"><input type="submit" value="Log in">
      <input type="hidden" name="authenticity_token" value="r4ils"></FORM>`;
    expect(findLoginForm(html)).toEqual({
      action: '/session',
      method: 'POST',
      username: 'user[email]',
      password: 'pw',
      // A box without a value sends "on", as browsers do.
      remember: { name: 'remember_me', value: 'on' },
      csrf: 'authenticity_token',
      extra: {},
    });
  });

  it('picks the login form among several: a search form, a sign-up form (two passwords), the login', () => {
    const html = `<form action="/search"><input name="q"></form>
      <form method="post" action="/signup"><input name="username"><input type="password" name="p1"><input type="password" name="p2"><button>Create account</button></form>
      <form method="post" action="/accounts/login/"><input type="hidden" name="csrfmiddlewaretoken" value="dj">
      <input type="hidden" name="next" value="/home"><input name="login"><input type="password" name="secret">
      <button name="action" value="signin">Sign in</button></form>`;
    expect(findLoginForm(html)).toEqual({
      action: '/accounts/login/',
      method: 'POST',
      username: 'login',
      password: 'secret',
      remember: undefined,
      csrf: 'csrfmiddlewaretoken',
      // A browser sends the hidden default and the pressed button's name and value too.
      extra: { next: '/home', action: 'signin' },
    });
  });

  it('prefers a form that says it signs in when two forms have one password each', () => {
    const html = `<form method="post" action="/unlock"><input name="name"><input type="password" name="pin"><button>Unlock</button></form>
      <form method="post" action="/auth"><input name="u"><input type="password" name="p"><button>Log in</button></form>`;
    expect(findLoginForm(html)?.action).toBe('/auth');
  });

  it('follows a submit button’s formaction and formmethod', () => {
    const html = `<form action="/nowhere"><input name="username"><input type="password" name="password">
      <button formaction="/do-login" formmethod="post">Go</button></form>`;
    expect(findLoginForm(html)).toMatchObject({ action: '/do-login', method: 'POST' });
  });

  it('finds nothing on a page without a password input (an SPA shell that logs in with JavaScript)', () => {
    expect(findLoginForm('<div id="root"></div><script src="/app.js"></script>')).toBeUndefined();
    expect(findLoginForm('<form><input name="q"></form>')).toBeUndefined();
  });
});

describe('findLogout', () => {
  it('finds a POST logout form with its CSRF token', () => {
    const html = `<h1>Hello</h1><a href="/settings">Settings</a>
      <form method="post" action="/logout"><input type="hidden" name="_csrf" value="x"><button>Log out</button></form>`;
    expect(findLogout(html)).toEqual({ kind: 'form', action: '/logout', method: 'POST', csrf: '_csrf' });
  });

  it('finds a logout link when there is no form', () => {
    expect(findLogout('<nav><a href="/">Home</a> <a href="/auth/sign-out">Sign out</a></nav>')).toEqual({
      kind: 'link',
      action: '/auth/sign-out',
      method: 'GET',
      csrf: undefined,
    });
  });

  it('finds a <button formaction> inside another form (the profile form’s logout button)', () => {
    const html = `<form method="post" action="/profile"><input type="hidden" name="csrf_token" value="t">
      <input name="display_name"><button>Save</button><button formaction="/session/end">Log out</button></form>`;
    expect(findLogout(html)).toEqual({
      kind: 'form',
      action: '/session/end',
      method: 'POST',
      csrf: 'csrf_token',
    });
  });

  it('prefers the form over a link, recognising it by its button label when the action says nothing', () => {
    const html = `<a href="/logout">Log out (old)</a>
      <form method="post" action="/session?_method=DELETE"><button>Log off</button></form>`;
    expect(findLogout(html)).toEqual({
      kind: 'form',
      action: '/session?_method=DELETE',
      method: 'POST',
      csrf: undefined,
    });
  });

  it('finds nothing on a page with no logout control', () => {
    expect(
      findLogout('<a href="/login">Log in</a><form action="/search"><input name="q"></form>'),
    ).toBeUndefined();
  });
});
