"""Word lists the context checks use (review/context.py) and that rule patterns name as
{PP}, {ADV}, {HADJ}, {NOBODY} and {MENTION} (review/ruleset.py): data, kept apart from the logic."""

from __future__ import annotations

# Past participles: regular -ed forms and the common irregular ones.
PP = (
    r"(?:\w+-)?\w+ed|known|seen|done|caught|taken|gone|come|made|run|built|found|spotted|thought|told|"
    r"said|put|set|read|kept|left|got|gotten|understood|brought|sent|shut|paid|met|held|"
    r"begun|chosen|written|driven|given|shown|drawn|hidden|taught|sought|bought|stuck|"
    r"spun|dug|lost|meant|spent|split|sat|stood|undone|rebuilt|rerun|reset|broken|"
    r"withdrawn|foreseen|overseen|forbidden|spoken"
)
# Adjectives after "been" that carry hindsight ("should have been obvious").
HINDSIGHT_ADJ = r"(?:more )?(?:obvious|clear|evident|apparent|aware|careful|faster|quicker|shorter|earlier|sooner|better|prepared|possible|different)"
ADV = (
    r"(?:(?:(?:more|less|much|so) )?(?:\w+ly|also|already|then|probably|definitely|never|just|"
    r"still|maybe|perhaps|at least|not|all|both|first|either)(?:,? and \w+ly)? )"
)
# A sentence opening whose subject is nobody ("nobody", "none of the responders", "no
# reviewer could"), read at the end of the text before a match: with a harmful verb after
# it ("nobody broke production", "none of us ignored the page") the sentence clears people.
NOBODY = (  # every opening begins with "n": the search skips to each "n" in C
    r"n(?<![\w']n)(?:obody|o one|o-one|one|either|ot one|o single|o (?:[\w-]+ )?"
    r"(?:one|person|engineer|developer|reviewer|responder|operator|human|member|admin|"
    r"administrator|employee|individual))(?: of(?: (?:us|them|you|the|our|their)(?: [\w-]+){0,2})?)?"
    r"(?: (?:ever|actually|really|simply|here|else|had|has|have|did|does|was|were|is|could|"
    r"would|can|might|may))*\s*$"
)
# A frame that mentions a blaming or hindsight phrase instead of using it ("it would be
# easy to say someone should have checked", "calling this a failure to notice", "this is
# not a case of someone failing to"), read at the end of the text before a match.
MENTION = (
    r"\b(?:(?:easy|tempting|natural|wrong|unfair|simplistic|misleading|convenient|a mistake) "
    r"to (?:say|conclude|think|claim|argue|assume|suggest|write|call|label)(?: that)?|"
    r"call(?:s|ed|ing)? (?:it|this|that)(?: as)?|label(?:s|l?ed|l?ing)? (?:it|this|that)(?: as)?|"
    r"describ(?:e|es|ed|ing) (?:it|this|that) as|(?:not|n't) (?:a case|an example|a matter) of)"
    r"\s+(?:(?:an?|the|just|simply|merely|mere)\s+)*(?:[\w'-]+\s+){0,3}$"
)
EXPANSIONS = {"PP": PP, "ADV": ADV, "HADJ": HINDSIGHT_ADJ, "NOBODY": NOBODY, "MENTION": MENTION}
HUMAN_NOUNS = (
    r"engineers?|developers?|devs?|operators?|admins?|administrators?|sres?|on-?call(?: engineers?)?|"
    r"responders?|reviewers?|authors?|maintainers?|deployers?|employees?|staff|interns?|"
    r"contractors?|(?:team )?members?|person(?: on[- ]call)?|people|colleagues?|teammates?|humans?|"
    r"dbas?|sysadmins?|release managers?|incident commanders?|programmers?|testers?|"
    r"co-?workers?|technicians?|crews?|workers?|workm[ae]n|electricians?|installers?|builders?|"
    r"individuals?|architects?|analysts?|consultants?|ops|team|teams|responsibles|friends?|boss|"
    r"(?:(?<=\bnew\s)|(?<=\brecent\s))hires?|newbies?|seniors?|juniors?|guys?|"
    r"team (?:leads?|managers?)|tech (?:leads?|managers?)|engineering (?:leads?|managers?)|"
    r"project (?:leads?|managers?)|product (?:leads?|managers?)|"
    # a manager, not a package, window or secrets manager: only after a determiner (the
    # word first, so that most places are turned down on their first letter)
    r"manager(?:(?<=\bthe\smanager)|(?<=\ba\smanager)|(?<=\ban\smanager)|(?<=\bour\smanager)|"
    r"(?<=\bmy\smanager)|(?<=\btheir\smanager)|(?<=\bhis\smanager)|(?<=\bher\smanager)|"
    r"(?<=\byour\smanager))s?(?![\s-]+(?:clusters?|nodes?|process\w*|services?|daemons?|pods?|"
    r"instances?|api|modules?|class\w*|objects?))|"
    r"ctos?|ceos?|cios?|cisos?|co-?founders?|founders?|"
    r"support (?:agents?|reps?|representatives?)|sales (?:reps?|representatives?)|"
    r"customer service (?:agents?|reps?|representatives?)|data scientists?|"
    r"(?<!memory\s)(?<!state\s)(?<!config\s)(?<!configuration\s)(?<!package\s)(?<!session\s)"
    r"(?<!resource\s)(?<!capacity\s)(?<!release\s)(?<!change\s)(?<!incident\s)(?<!secret\s)"
    r"(?<!key\s)(?<!access\s)(?<!data\s)(?<!certificate\s)(?<!cluster\s)management|"
    r"leadership|executives?|firms?|compan(?:y|ies)|registrars?|banks?|isps?|regulators?|"
    r"(?:government|council|ministry|agency|department)(?![\s-]+(?:api|website|site|portal|systems?|services?))|"
    r"(?:vendors?|suppliers?|(?<!service\s)providers?)(?![\s-]+(?:specific|"
    r"supplied|provided|managed|neutral|lock|librar|code|api|sdk|software|packages?|images?|"
    r"patch|changes?|tools?|firmware|drivers?|services?|systems?|platforms?|products?))|"
    r"someone|somebody|nobody|no one|no-one|everyone|everybody|anyone|anybody|"
    r"i(?!\.)|we|he|she|you|(?<!\bthe\s)us|me|him|myself|ourselves|himself|herself"
)
FILLER = (
    r"(?:had|has|have|then|also|again|still|initially|subsequently|later|never|all|both|"
    r"themselves|himself|herself|ourselves|somehow|unfortunately|apparently|probably|"
    r"simply|just|who|might|may|must|will|having|\w+ly|,)"
)
COGNITIVE_VERBS = frozenset(
    [
        "notice",
        "realise",
        "realize",
        "recognise",
        "recognize",
        "consider",
        "anticipate",
        "appreciate",
        "foresee",
        "predict",
        "remember",
        "understand",
        "spot",
        "catch",
        "double-check",
        "escalate",
        "communicate",
        "ask",
        "mention",
        "tell",
        "document",
        "account",
        "investigate",
        "check",
        "review",
        "test",
        "verify",
        "validate",
        "confirm",
        "ensure",
        "identify",
    ]
)
COGNITIVE_PARTICIPLES = frozenset(
    [
        "known",
        "noticed",
        "realised",
        "realized",
        "recognised",
        "recognized",
        "considered",
        "anticipated",
        "foreseen",
        "predicted",
        "remembered",
        "understood",
        "spotted",
        "caught",
        "escalated",
        "communicated",
        "asked",
        "told",
        "checked",
        "reviewed",
        "tested",
        "verified",
        "validated",
        "confirmed",
        "identified",
        "investigated",
        "looked",
        "waited",
        "paused",
        "read",
    ]
)
SYSTEM_NOUNS = frozenset(
    [
        "it",
        "cache",
        "caches",
        "replica",
        "replicas",
        "queue",
        "queues",
        "index",
        "indexes",
        "loader",
        "producer",
        "exporter",
        "collector",
        "router",
        "gateway",
        "firewall",
        "parser",
        "plugin",
        "kernel",
        "session",
        "sessions",
        "cursor",
        "buffer",
        "shard",
        "shards",
        "scraper",
        "sidecar",
        "watcher",
        "poller",
        "this",
        "that",
        "which",
        "check",
        "checks",
        "alert",
        "alerts",
        "alerting",
        "monitor",
        "monitoring",
        "probe",
        "job",
        "task",
        "tasks",
        "jobs",
        "script",
        "system",
        "service",
        "services",
        "pod",
        "pods",
        "node",
        "nodes",
        "controller",
        "reflector",
        "scheduler",
        "autoscaler",
        "agent",
        "daemon",
        "process",
        "server",
        "servers",
        "cluster",
        "tool",
        "pipeline",
        "ci",
        "test",
        "tests",
        "suite",
        "linter",
        "bot",
        "hook",
        "webhook",
        "api",
        "proxy",
        "balancer",
        "client",
        "browser",
        "library",
        "sdk",
        "resolver",
        "config",
        "deploy",
        "deployment",
        "build",
        "release",
        "upgrade",
        "migration",
        "cron",
        "worker",
        "workers",
        "thread",
        "threads",
        "goroutine",
        "goroutines",
        "app",
        "application",
        "component",
        "oracle",
        "release",
        "hotfix",
        "plane",
        "layer",
        "protocol",
        "bridge",
        "database",
        "db",
        "query",
        "request",
        "requests",
        "kubelet",
        "container",
        "containers",
        "dns",
        "analysis",
        "plan",
        "review",
        "process",
        "testing",
        "procedure",
        "runbook",
        # what documents and commands are called where they "forget" or act "incorrectly"
        "documentation",
        "docs",
        "notes",
        "manual",
        "completion",
        "command",
        "subcommand",
        "program",
        "compiler",
        "installer",
        "function",
        "module",
        "mechanism",
        "example",
        "renewal",
        "autorenewal",
        # code, and the safeguards and parts a control watches ("the canary should have
        # caught it" says what the canary was for; "the code incorrectly assumed UTC")
        "code",
        "logic",
        "implementation",
        "subsystem",
        "facility",
        "codepath",
        "regexp",
        "regex",
        "algorithm",
        "heuristic",
        "handler",
        "middleware",
        "driver",
        "firmware",
        "validator",
        "helper",
        "integration",
        "feature",
        "canary",
        "canaries",
        "safeguard",
        "safeguards",
        "guardrail",
        "guardrails",
        "rollout",
        "dashboard",
        "dashboards",
        "metric",
        "metrics",
        "threshold",
        "thresholds",
        "quota",
        "timeout",
        "timeouts",
        "backoff",
        "sensor",
        "sensors",
        "backup",
        "backups",
        "snapshot",
        "snapshots",
        "disk",
        "disks",
        "volume",
        "volumes",
        "network",
        "certificate",
        "cert",
        "token",
        "alarm",
        "alarms",
        # products and parts that act in incident prose ("Postgres took a shortcut")
        "planner",
        "optimizer",
        "optimiser",
        "engine",
        "orchestrator",
        "broker",
        "postgres",
        "postgresql",
        "mysql",
        "redis",
        "kafka",
        "kubernetes",
        "k8s",
        "nginx",
        "etcd",
        "elasticsearch",
        "terraform",
        "zookeeper",
        "cassandra",
        "mongodb",
        "rabbitmq",
    ]
)
ADJECTIVAL_PARTICIPLES = frozenset(
    [
        "dedicated",
        "automated",
        "detailed",
        "limited",
        "advanced",
        "integrated",
        "extended",
        "isolated",
        "reserved",
        "enhanced",
        "improved",
        "updated",
        "defined",
        "structured",
        "standardized",
        "standardised",
        "centralized",
        "centralised",
        "scheduled",
        "managed",
        "shared",
        "documented",
        "required",
        "established",
        "specified",
        "designated",
        "named",
        "tagged",
        "pinned",
        "versioned",
        "signed",
        "encrypted",
        "authenticated",
        "labelled",
        "labeled",
        "distributed",
        "replicated",
        "separated",
        "combined",
        "restricted",
        "elevated",
        "increased",
        "reduced",
        "expanded",
        "unified",
        "consolidated",
        "customized",
        "customised",
        "open",
        "even",
        "often",
        "hidden",
        "broken",
        "golden",
        "wooden",
    ]
)
AUXILIARY = frozenset(
    [
        "was",
        "were",
        "is",
        "are",
        "had",
        "has",
        "have",
        "been",
        "be",
        "being",
        "kept",
        "keeps",
        "does",
        "do",
        "did",
        "not",
    ]
)
# Capitalised words that open sentences without naming anyone (named_subject in context.py).
NOT_NAMES = frozenset(
    [
        "the",
        "this",
        "that",
        "these",
        "those",
        "it",
        "its",
        "we",
        "our",
        "they",
        "their",
        "he",
        "she",
        "his",
        "her",
        "you",
        "your",
        "there",
        "then",
        "after",
        "before",
        "when",
        "while",
        "because",
        "however",
        "also",
        "once",
        "if",
        "so",
        "but",
        "and",
        "as",
        "at",
        "on",
        "in",
        "by",
        "for",
        "from",
        "to",
        "with",
        "without",
        "during",
        "since",
        "until",
        "both",
        "all",
        "some",
        "each",
        "every",
        "no",
        "nobody",
        "someone",
        "everyone",
        "unfortunately",
        "finally",
        "eventually",
        "later",
        "initially",
        "meanwhile",
        "today",
        "yesterday",
        "here",
        "what",
        "which",
        "who",
        "why",
        "how",
        "one",
        "two",
        "three",
        "my",
        "i",
        "a",
        "an",
        "most",
        "many",
        "few",
        "several",
        "none",
        "others",
        "users",
        "customers",
    ]
)

# What organisations are held to (review/context.py failed_to): "the firm failed to plan",
# "the vendor failed to notify us"; not "the job failed to run".
ORG_DUTIES = frozenset(
    [
        "organise",
        "organize",
        "plan",
        "manage",
        "ensure",
        "implement",
        "control",
        "maintain",
        "notify",
        "inform",
        "communicate",
        "disclose",
        "act",
        "address",
        "comply",
        "adhere",
        "follow",
        "test",
        "check",
        "identify",
        "prioritise",
        "prioritize",
        "mitigate",
        "warn",
        "escalate",
        "monitor",
        "review",
        "investigate",
        "respond",
        "reply",
        "provide",
        "deliver",
        "renew",
        "honor",
        "honour",
        "refund",
        "fix",
        "restore",
        "repair",
        "resolve",
        "explain",
    ]
)
# What no program does: with a name as the subject ("TSB failed to plan the migration"),
# only these count; "Alertmanager failed to notify" and "Consul failed to put" are programs.
ONLY_ORG_DUTIES = frozenset(
    ["organise", "organize", "plan", "comply", "adhere", "disclose", "prioritise", "prioritize"]
)

# A word (letters only) of every match of HUMAN_NOUNS, "his" and "her": the first, or for
# "project manager", "support agent", "on-call" and "incident commander" the last (common
# words such as "project", "on" and "incident" would let most windows through): a window with none of them has no person word in it
# (review/context.py, _no_person_near).
_PERSON_WORDS = """engineer engineers developer developers dev devs operator operators admin admins
    administrator administrators sre sres call oncall responder responders reviewer reviewers
    author authors maintainer maintainers deployer deployers employee employees staff intern
    interns contractor contractors team teams member members person people colleague
    colleagues teammate teammates human humans dba dbas sysadmin sysadmins commander commanders
    programmer programmers tester testers coworker coworkers technician technicians
    crew crews worker workers workman workmen electrician electricians installer installers
    builder builders
    individual individuals architect architects analyst analysts consultant consultants ops
    hire hires newbie newbies senior seniors junior juniors guy guys lead leads manager managers
    cto ctos ceo ceos cio cios ciso cisos cofounder cofounders founder founders agent agents
    rep reps representative representatives scientist scientists
    responsibles friend friends boss management leadership executive executives firm firms
    vendor vendors supplier suppliers company companies registrar registrars bank banks isp
    isps regulator regulators government council ministry agency department provider
    providers
    someone somebody nobody no everyone everybody anyone anybody i we he she
    you us me him myself ourselves himself herself his her"""
PERSON_TOKENS = frozenset(_PERSON_WORDS.split())


# What data or messages should (not) have been: said of the things, as the sentence's
# subject or in a relative clause.
STATES_OF_DATA = frozenset(
    [
        "queued",
        "resent",
        "retried",
        "processed",
        "included",
        "sent",
        "shown",
        "displayed",
        "visible",
        "returned",
        "exported",
        "published",
        "exposed",
        "listed",
        "served",
        "delivered",
        "counted",
        "charged",
        "billed",
        "logged",
        "indexed",
        "cached",
        "stored",
        "retained",
    ]
)
DATA_NOUNS = (
    r"(?:events?|data|records?|rows?|messages?|e-?mails?|entries|items?|files?|fields?|"
    r"values?|users?|accounts?|requests?|responses?|objects?|payloads?|notifications?|"
    r"results?|logs?|metrics?|packages?|artifacts?|keys?|secrets?|tokens?|jobs?|sequences?|"
    r"samples?|documents?|pages?|posts?|images?)"
)
