/**
 * Who may drive CharLM: an optional bearer token, the origins whose pages may call it (CORS and a CSRF check of
 * the Origin), the Host names it answers (against DNS rebinding), strict ids at the boundary, the console's
 * security headers, and no file-system paths in error bodies. Plain servlet filters and an interceptor rather
 * than Spring Security: four rules, each one small class, are easier to read than a filter chain configured
 * for them.
 */
package dev.charlm.security;
