#!/usr/bin/env python3
"""The scanner's recall and false positives, measured from outside (issue 24).

gen TRANSCRIPT CASES CWD SESSION: writes a transcript of one user message per case (every kind of
fake credential below in every shape below) and per harmless line, and the cases (what to look
for in the remote) as JSON.
check CASES OBJECTS STORED FLOOR CEILING: OBJECTS is every object of the remote (git cat-file
--batch-all-objects --batch), STORED the session as the repository holds it. A case is caught
when no fragment of its secret is in any object; a harmless line is a false positive when its
stored line holds a redaction marker. Prints the figures; exits 1 when recall < FLOOR % or the
false positives > CEILING.

The secrets are made up with the shapes of real ones (prefixes, lengths, alphabets), seeded: the
same run gives the same cases.
"""
import json
import os
import random
import sys
import urllib.parse

RNG = random.Random(24)
B62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
B64 = B62 + "+/"
B64URL = B62 + "-_"
HEX = "0123456789abcdef"
UPPER_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def r(n, alphabet=B62):
    return "".join(RNG.choice(alphabet) for _ in range(n))


def b64(data):
    import base64
    return base64.b64encode(data.encode()).decode()


def pem(kind):
    body = "\n".join(r(64, B64) for _ in range(8))
    return f"-----BEGIN {kind}-----\n{body}\n{r(20, B64)}==\n-----END {kind}-----"


def jwt(payload_len=120, sig_len=43):
    return "eyJhbGciOiJIUzI1NiJ9.eyJ" + r(payload_len, B64URL) + "." + r(sig_len, B64URL)


# (kind, the name it is assigned to, a generator of the secret)
KINDS = [
    ("aws-access-key", "AWS_ACCESS_KEY_ID", lambda: "AKIA" + r(16, UPPER_DIGITS)),
    ("aws-secret-key", "AWS_SECRET_ACCESS_KEY", lambda: r(40, B64)),
    ("aws-session-token", "AWS_SESSION_TOKEN",
     lambda: "FwoGZXIvYXdzE" + r(60, B64) + "//////////" + r(200, B64)),
    ("github-pat-classic", "GITHUB_TOKEN", lambda: "ghp_" + r(36)),
    ("github-oauth", "GH_TOKEN", lambda: "gho_" + r(36)),
    ("github-app", "GITHUB_APP_TOKEN", lambda: "ghs_" + r(36)),
    ("github-fine-grained", "GITHUB_PAT", lambda: "github_pat_" + r(22) + "_" + r(59)),
    ("gitlab-pat", "GITLAB_TOKEN", lambda: "glpat-" + r(20)),
    ("slack-bot", "SLACK_BOT_TOKEN", lambda: "xoxb-" + r(11, "0123456789") + "-" +
     r(13, "0123456789") + "-" + r(24)),
    ("slack-user", "SLACK_TOKEN", lambda: "xoxp-" + r(11, "0123456789") + "-" +
     r(12, "0123456789") + "-" + r(13, "0123456789") + "-" + r(32, HEX)),
    ("slack-webhook", "SLACK_WEBHOOK_URL", lambda: "https://hooks.slack.com/services/T" +
     r(10, UPPER_DIGITS) + "/B" + r(10, UPPER_DIGITS) + "/" + r(24)),
    ("stripe-secret", "STRIPE_SECRET_KEY", lambda: "sk_live_" + r(99)),
    ("stripe-restricted", "STRIPE_KEY", lambda: "rk_live_" + r(99)),
    ("stripe-webhook", "STRIPE_WEBHOOK_SECRET", lambda: "whsec_" + r(32)),
    ("anthropic", "ANTHROPIC_API_KEY", lambda: "sk-ant-api03-" + r(93, B64URL) + "AA"),
    ("openai-project", "OPENAI_API_KEY", lambda: "sk-proj-" + r(156, B64URL)),
    ("openai-legacy", "OPENAI_KEY", lambda: "sk-" + r(20) + "T3BlbkFJ" + r(20)),
    ("jwt-hs256", "ACCESS_TOKEN", lambda: jwt()),
    ("jwt-rs256", "ID_TOKEN", lambda: jwt(700, 342)),
    ("pem-rsa", "PRIVATE_KEY", lambda: pem("RSA PRIVATE KEY")),
    ("pem-ec", "EC_KEY", lambda: pem("EC PRIVATE KEY")),
    ("pem-openssh", "SSH_KEY", lambda: pem("OPENSSH PRIVATE KEY")),
    ("pem-pkcs8", "SIGNING_KEY", lambda: pem("PRIVATE KEY")),
    ("google-api-key", "GOOGLE_API_KEY", lambda: "AIza" + r(35, B64URL)),
    ("google-oauth", "GOOGLE_ACCESS_TOKEN", lambda: "ya29.a0" + r(150, B64URL)),
    ("huggingface", "HF_TOKEN", lambda: "hf_" + r(34, B62[:52])),
    ("npm", "NPM_TOKEN", lambda: "npm_" + r(36)),
    ("pypi", "PYPI_TOKEN", lambda: "pypi-AgEIcHlwaS5vcmc" + r(120, B64URL)),
    ("docker-hub", "DOCKER_TOKEN", lambda: "dckr_pat_" + r(27, B64URL)),
    ("vault", "VAULT_TOKEN", lambda: "hvs." + r(90, B64URL)),
    ("shopify", "SHOPIFY_ACCESS_TOKEN", lambda: "shpat_" + r(32, HEX)),
    ("sendgrid", "SENDGRID_API_KEY", lambda: "SG." + r(22, B64URL) + "." + r(43, B64URL)),
    ("square", "SQUARE_ACCESS_TOKEN", lambda: "sq0atp-" + r(22, B64URL)),
    ("postman", "POSTMAN_API_KEY", lambda: "PMAK-" + r(24, HEX) + "-" + r(34, HEX)),
    ("digitalocean", "DIGITALOCEAN_TOKEN", lambda: "dop_v1_" + r(64, HEX)),
    ("atlassian", "JIRA_API_TOKEN", lambda: "ATATT3xFfGF0" + r(180, B64URL)),
    ("artifactory", "ARTIFACTORY_API_KEY", lambda: "AKCp8" + r(68)),
    ("slack-app", "SLACK_APP_TOKEN", lambda: "xapp-1-A" + r(10, UPPER_DIGITS) + "-" +
     r(13, "0123456789") + "-" + r(64, HEX)),
    ("groq", "GROQ_API_KEY", lambda: "gsk_" + r(52)),
    ("replicate", "REPLICATE_API_TOKEN", lambda: "r8_" + r(37)),
    ("langsmith", "LANGSMITH_API_KEY", lambda: "lsv2_pt_" + r(32, HEX) + "_" + r(10, HEX)),
    ("age", "AGE_KEY", lambda: "AGE-SECRET-KEY-1" + r(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")),
    ("password-plain", "DB_PASSWORD", lambda: r(6, B62[:26]) + r(10)),
    ("password-symbols", "PASSWORD", lambda: r(5) + "#" + r(8) + "!" + r(3)),
    ("password-quote", "MYSQL_PASSWORD", lambda: r(6) + "'" + r(10)),
    ("password-sigil", "REDIS_PASSWORD", lambda: "$" + r(6, B62[:26]) + r(10)),
    ("passphrase", "GPG_PASSPHRASE", lambda: r(12) + "-" + r(12)),
    ("postgres-url", "DATABASE_URL", lambda: "postgres://app:" + r(24) + "@db.internal:5432/app"),
    ("mongodb-url", "MONGO_URI", lambda: "mongodb+srv://svc:" + r(20) + "@cluster0.mongodb.net/x"),
    ("redis-url", "REDIS_URL", lambda: "redis://default:" + r(28) + "@cache.internal:6379"),
    ("amqp-url", "AMQP_URL", lambda: "amqps://worker:" + r(22) + "@mq.internal/vhost"),
    ("bearer", "AUTHORIZATION", lambda: "Bearer " + r(48, B64URL)),
    ("client-secret", "CLIENT_SECRET", lambda: r(40, B64URL)),
    ("azure-storage", "AZURE_STORAGE_KEY", lambda: r(86, B64) + "=="),
    ("twilio", "TWILIO_AUTH_TOKEN", lambda: r(32, HEX)),
    ("datadog", "DD_API_KEY", lambda: r(32, HEX)),
    ("mailgun", "MAILGUN_API_KEY", lambda: "key-" + r(32, HEX)),
    ("telegram", "TELEGRAM_BOT_TOKEN", lambda: r(10, "0123456789") + ":AA" + r(33, B64URL)),
    ("rails-secret", "SECRET_KEY_BASE", lambda: r(128, HEX)),
    ("django-secret", "DJANGO_SECRET_KEY", lambda: r(50, B62 + "!@#%^&*(-_=+)")),
    ("jwt-secret", "JWT_SECRET", lambda: r(48)),
    ("webhook-secret", "WEBHOOK_SECRET", lambda: r(40, HEX)),
    ("encryption-key", "ENCRYPTION_KEY", lambda: r(43, B64) + "="),
    ("k8s-tls-key", "tls.key", lambda: b64(pem("RSA PRIVATE KEY") + "\n")),
]

SHAPES = ["plain", "json-once", "json-twice", "json-thrice", "url", "url-json", "wrapped",
          "coloured", "flag", "config-file"]


def flag_name(name):
    return "--" + name.lower().replace("_", "-")


def shaped(shape, name, secret):
    """The text of a user message holding `secret` (assigned to `name`) in `shape`."""
    if shape == "plain":
        return f"export {name}={secret}"
    if shape == "json-once":
        return "the tool printed " + json.dumps({name.lower(): secret})
    if shape == "json-twice":
        return "response: " + json.dumps({"body": json.dumps({name.lower(): secret})})
    if shape == "json-thrice":
        inner = json.dumps({"body": json.dumps({name.lower(): secret})})
        return "log: " + json.dumps({"event": inner})
    if shape == "url":
        return "curl 'https://api.internal/v1/hook?" + urllib.parse.urlencode(
            {name.lower(): secret}) + "'"
    if shape == "url-json":
        return "redirect to https://app.internal/cb?state=" + urllib.parse.quote(
            json.dumps({name.lower(): secret}), safe="")
    if shape == "wrapped":
        lines = [secret[i:i + 40] for i in range(0, len(secret), 40)]
        return f"{name}=" + "\n".join(lines) + "\n$ "
    if shape == "coloured":
        return f"{name}=\x1b[1;32m{secret}\x1b[0m"
    if shape == "flag":
        return f"$ deploy {flag_name(name)} {secret} --region eu-west-1"
    if shape == "config-file":
        return f"     1\t# settings\n     2\t{name.lower()}: \"{secret}\"\n     3\tdebug: false\n"
    raise ValueError(shape)


def fragments(secret):
    """Pieces of the secret that survive every shape unchanged (letters and digits only): if
    any of them is in the remote, the secret leaked."""
    runs, run = [], ""
    for c in secret:
        if c.isalnum():
            run += c
        else:
            if len(run) >= 8:
                runs.append(run)
            run = ""
    if len(run) >= 8:
        runs.append(run)
    out = []
    for run in runs:
        for start in range(0, len(run) - 7, 8):
            out.append(run[start:start + 8])
    return out


HARMLESS = [
    "if password == confirm_password:",
    "password_hash = bcrypt.hashpw(password.encode(), bcrypt.gensalt())",
    "const apiKey = process.env.API_KEY;",
    "response = client.messages.create(max_tokens=4096, model=model)",
    "git checkout 3f9a2b7c41d5e8f90a1b2c3d4e5f60718293a4b5",
    "sessionId: 0b5e4f2a-7c1d-4e8f-9a2b-3c4d5e6f7a8b",
    "\"Key\": \"uploads/2024/user-123/avatar.png\"",
    "\"SecretId\": \"arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf\"",
    "STRIPE_PUBLISHABLE_KEY=pk_live_51H8xYzKp2mQ9rT4vW7nB3cD6fG8hJ1kL0",
    "cacheKey: \"a8Fj2kL9qR3mZ7xV1bN4\"",
    "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
    "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "token: ${{ secrets.GITHUB_TOKEN }}",
    "sha256: 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "Authorization: Bearer <token>",
    "password: changeme",
    "integrity sha512-Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFy==",
    "DB_PASSWORD=${DB_PASSWORD:-}",
    "export API_TOKEN=$(vault read -field=token secret/api)",
    "\"publicKey\": \"BEl62iUYgUivxIkv69yViEuiBIa-Ib9-SkvMeAtA3LFgDzkrxZJjSgSnfckjBJuBkr3\"",
    "partition_key = \"tenant-7f3a9c2e1b\"",
    "for token in tokenizer.tokenize(text):",
    "the keyboard shortcut is Ctrl+K",
    "password_reset_token_expiry = 3600",
    "input_tokens: 1523, output_tokens: 287",
    "key_id = \"kid-2024-01\"",
    "secret_name = \"prod/db/password\"",
    "def get_password(prompt='Password: '):",
    "os.environ[\"AWS_SECRET_ACCESS_KEY\"]",
    "Set the API key in ~/.config/tool/credentials.json",
    "npm config set registry https://registry.npmjs.org/",
    "docker login --password-stdin < token.txt",
    "the --token flag takes a personal access token",
    "commit 8c3d6f1e2b4a5c7d9e0f1a2b3c4d5e6f7a8b9c0d",
    "url: https://user@github.com/org/repo.git",
    "redis://localhost:6379/0",
    "postgres://postgres:postgres@localhost:5432/test",
    "base64: SGVsbG8sIHRoaXMgaXMgYSBwbGFpbiBzZW50ZW5jZSBpbiBiYXNlNjQu",
    "fingerprint SHA256:nThbg6kXUpJWGl7E1IGOCspRomTxdCARLviKw6E5SY8",
    "uuid.uuid4() -> 3d6f0a2e-9b1c-4e7d-8a5f-2c3b4d5e6f70",
    "Bearer tokens expire after an hour",
    "max_key_length = 256",
    "let secretNumber = Math.floor(Math.random() * 100);",
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host",
    "-----BEGIN CERTIFICATE-----",
    "client_id = \"1234567890-abc.apps.googleusercontent.com\"",
    "\"private\": true, \"version\": \"1.0.0\"",
    "password = input('Enter password: ')",
    "TOKEN_URL = \"https://oauth2.googleapis.com/token\"",
    "s3://my-bucket/keys/2024/report.csv",
    "eslint --fix --cache --cache-location .eslintcache",
    "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db-credentials",
]


def gen(transcript, cases_file, cwd, session):
    cases = []
    with open(transcript, "w") as out:
        def message(n, text):
            out.write(json.dumps({
                "type": "user", "message": {"role": "user", "content": text},
                "uuid": f"00000000-0000-4000-8000-{n:012d}", "cwd": cwd, "sessionId": session,
                "timestamp": "2026-12-01T10:00:00.000Z"}) + "\n")
        n = 0
        for kind, name, make in KINDS:
            for shape in SHAPES:
                secret = make()
                n += 1
                message(n, f"[case-{n}] " + shaped(shape, name, secret))
                cases.append({"n": n, "kind": kind, "shape": shape, "fragments": fragments(secret)})
        # A fragment two cases share (a fixed prefix, a host name) says nothing of either.
        seen = {}
        for case in cases:
            for fragment in case["fragments"]:
                seen[fragment] = seen.get(fragment, 0) + 1
        for case in cases:
            case["fragments"] = [f for f in case["fragments"] if seen[f] == 1]
        for i, text in enumerate(HARMLESS):
            n += 1
            message(n, f"[harmless-{i}] " + text)
    with open(cases_file, "w") as f:
        json.dump({"cases": cases, "harmless": len(HARMLESS)}, f)


def check(cases_file, objects_file, stored_file, floor, ceiling):
    data = json.load(open(cases_file))
    objects = open(objects_file, "rb").read().decode("latin-1")
    stored = open(stored_file, "rb").read().decode("latin-1").splitlines()
    caught, by_shape, by_kind, missed = 0, {}, {}, []
    for case in data["cases"]:
        leaked = any(f in objects for f in case["fragments"])
        ok = not leaked and case["fragments"]
        caught += 1 if ok else 0
        for table, key in ((by_shape, case["shape"]), (by_kind, case["kind"])):
            hit, total = table.get(key, (0, 0))
            table[key] = (hit + (1 if ok else 0), total + 1)
        if not ok:
            missed.append(f"{case['kind']}/{case['shape']}")
    total = len(data["cases"])
    recall = 100.0 * caught / total
    false_positives = [i for i in range(data["harmless"])
                       if any(f"[harmless-{i}]" in line and "{{!REDACTED" in line for line in stored)]
    print(f"recall: {caught}/{total} cases kept out of the remote ({recall:.1f} %), "
          f"{len(KINDS)} kinds x {len(SHAPES)} shapes")
    for shape in SHAPES:
        hit, n = by_shape[shape]
        print(f"  {shape:12} {hit:3}/{n}")
    weak = [f"{k} {h}/{n}" for k, (h, n) in by_kind.items() if h < n]
    print("kinds not caught in every shape: " + (", ".join(weak) or "none"))
    if os.environ.get("RECALL_VERBOSE"):
        print("missed: " + ", ".join(missed))
    print(f"false positives: {len(false_positives)}/{data['harmless']} harmless lines redacted"
          + (": " + ", ".join(HARMLESS[i].splitlines()[0] for i in false_positives)
             if false_positives else ""))
    status = 0
    if recall < floor:
        print(f"FAIL: recall {recall:.1f} % is under {floor} %")
        status = 1
    if len(false_positives) > ceiling:
        print(f"FAIL: {len(false_positives)} false positives, more than {ceiling}")
        status = 1
    return status


if __name__ == "__main__":
    if sys.argv[1] == "gen":
        gen(*sys.argv[2:6])
    else:
        sys.exit(check(sys.argv[2], sys.argv[3], sys.argv[4], float(sys.argv[5]),
                       int(sys.argv[6])))
