// The static words a path template may keep verbatim when no framework names the route. Nothing
// about a segment's spelling tells a resource name ("orders") from a user name ("jsmith") or a slug,
// so only words from this fixed vocabulary (and the app's own, PERF_OTEL_HTTP_ROUTE_WORDS) survive;
// every other segment becomes a placeholder. A wrong merge under a placeholder is harmless, an
// identifier in a label is not. Function words (of, the, first, …) are left out: they make slugs
// (my-first-post) look like compounds of route words. Plural forms ("users") are accepted for every singular listed here.
export const ROUTE_WORDS: readonly string[] = [
  // API structure
  'api', 'apis', 'rest', 'graphql', 'rpc', 'grpc', 'internal', 'external', 'public', 'private', 'admin',
  'management', 'manage', 'service', 'services', 'gateway', 'proxy', 'webhook', 'hook', 'callback', 'event',
  'stream', 'ws', 'websocket', 'socket', 'sse', 'batch', 'bulk', 'async', 'sync', 'ping', 'pong', 'echo',
  'status', 'health', 'healthz', 'healthcheck', 'live', 'livez', 'liveness', 'ready', 'readyz', 'readiness',
  'startup', 'version', 'info', 'metrics', 'metric', 'debug', 'config', 'configuration', 'setting',
  'feature', 'flag', 'well', 'known', 'openapi', 'swagger', 'docs', 'doc', 'spec', 'schema', 'json', 'xml',
  // auth
  'auth', 'oauth', 'oauth2', 'oidc', 'saml', 'sso', 'login', 'logout', 'signin', 'signout', 'signup',
  'register', 'registration', 'session', 'token', 'refresh', 'revoke', 'introspect', 'authorize',
  'authorization', 'authenticate', 'callback', 'password', 'reset', 'forgot', 'change', 'verify',
  'verification', 'confirm', 'confirmation', 'activate', 'deactivate', 'invite', 'invitation', 'accept',
  'decline', 'mfa', 'otp', 'totp', 'two', 'factor', 'key', 'apikey', 'credential', 'permission', 'role',
  'scope', 'policy', 'me', 'self', 'current', 'whoami', 'jwks', 'certs', 'userinfo',
  // common resources
  'user', 'account', 'profile', 'member', 'membership', 'customer', 'client', 'tenant', 'organization',
  'organisation', 'org', 'team', 'group', 'project', 'workspace', 'space', 'environment', 'env', 'app',
  'application', 'item', 'product', 'catalog', 'catalogue', 'category', 'tag', 'label', 'collection',
  'list', 'entry', 'record', 'resource', 'object', 'entity', 'document', 'file', 'folder', 'directory',
  'upload', 'download', 'attachment', 'image', 'photo', 'picture', 'avatar', 'media', 'video', 'audio',
  'asset', 'static', 'public', 'content', 'page', 'post', 'article', 'blog', 'news', 'comment', 'reply',
  'review', 'rating', 'like', 'vote', 'follow', 'follower', 'following', 'friend', 'message', 'chat',
  'conversation', 'thread', 'channel', 'room', 'notification', 'alert', 'email', 'mail', 'sms', 'push',
  'subscription', 'subscriber', 'plan', 'price', 'pricing', 'billing', 'invoice', 'payment', 'charge',
  'refund', 'checkout', 'cart', 'basket', 'order', 'purchase', 'shipment', 'shipping', 'delivery',
  'address', 'inventory', 'stock', 'warehouse', 'store', 'shop', 'vendor', 'supplier', 'coupon',
  'discount', 'promotion', 'wallet', 'balance', 'transaction', 'transfer', 'quote', 'contract', 'task',
  'todo', 'job', 'queue', 'worker', 'schedule', 'calendar', 'booking', 'reservation', 'appointment',
  'ticket', 'issue', 'incident', 'case', 'request', 'response', 'build', 'run', 'deploy', 'deployment',
  'release', 'pipeline', 'step', 'stage', 'artifact', 'log', 'audit', 'history', 'activity', 'report',
  'analytics', 'stat', 'stats', 'statistics', 'dashboard', 'widget', 'chart', 'export', 'import', 'sync',
  'device', 'node', 'cluster', 'host', 'instance', 'region', 'zone', 'location', 'site', 'domain',
  'network', 'integration', 'connector', 'connection', 'plugin', 'extension', 'module', 'template',
  'form', 'field', 'survey', 'question', 'answer', 'course', 'lesson', 'student', 'teacher', 'class',
  'note', 'bookmark', 'favorite', 'favourite', 'wishlist', 'preference', 'locale', 'language',
  'translation', 'country', 'city', 'currency', 'rate', 'lookup', 'reference', 'data', 'db', 'cache',
  'storage', 'bucket', 'blob', 'repo', 'repository', 'commit', 'branch', 'secret', 'vault', 'cert', 'certificate', 'job', 'cron', 'map', 'geo',
  // actions and views
  'search', 'query', 'filter', 'find', 'get', 'set', 'create', 'new', 'add', 'edit', 'update', 'patch',
  'delete', 'remove', 'destroy', 'archive', 'restore', 'publish', 'unpublish', 'draft', 'preview', 'view',
  'show', 'detail', 'details', 'summary', 'overview', 'count', 'total', 'all', 'latest', 'recent', 'top',
  'popular', 'trending', 'feed', 'home', 'index', 'main', 'default', 'start', 'stop', 'cancel', 'retry',
  'resume', 'pause', 'approve', 'reject', 'submit', 'send', 'receive', 'share', 'copy', 'move', 'clone',
  'merge', 'split', 'validate', 'validation', 'check', 'test', 'calculate', 'estimate', 'convert', 'render',
  'generate', 'process', 'execute', 'trigger', 'notify', 'track', 'tracking', 'enable', 'disable', 'lock',
  'unlock', 'open', 'close', 'assign', 'unassign', 'join', 'leave', 'upgrade', 'downgrade', 'renew',
  'upcoming', 'pending', 'active', 'inactive', 'enabled', 'disabled', 'available', 'unread', 'read',
  'write', 'mine', 'shared', 'owned', 'me', 'my', 'misc',
  // web files
  'favicon', 'robots', 'sitemap', 'manifest', 'service-worker', 'sw', 'assets', 'css', 'js', 'img',
  'fonts', 'font', 'script', 'style', 'styles', 'vendor', 'dist', 'build', 'bundle', 'chunk', 'chunks',
];

// Extensions a static-file name may keep when its base name is a vocabulary word (favicon.ico).
export const FILE_EXTENSIONS: readonly string[] = [
  'html', 'htm', 'css', 'js', 'mjs', 'map', 'json', 'xml', 'txt', 'ico', 'png', 'jpg', 'jpeg', 'gif', 'svg',
  'webp', 'woff', 'woff2', 'ttf', 'webmanifest', 'pdf', 'csv', 'yaml', 'yml',
];
