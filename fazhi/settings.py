"""fazhi settings: one file, read from the environment (see README "Production settings").

Nothing here needs changing for the demo; every production knob is an environment variable.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("FAZHI_VAR_DIR", BASE_DIR.parent / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [
        item.strip()
        for item in os.environ.get(name, default).split(",")
        if item.strip()
    ]


DEBUG = env_bool("FAZHI_DEBUG", False)
# The demo and tests run without a configured key; production must set SECRET_KEY
# (`fazhi check --deploy` warns about this insecure default).
SECRET_KEY = os.environ.get("SECRET_KEY", "django-insecure-fazhi-demo-key-change-me")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "fazhi.core",
    "fazhi.plans",
    "fazhi.learning",
    "fazhi.outreach",
    "fazhi.legal",
    "fazhi.decisions",
    "fazhi.disclosure",
    "fazhi.hotline",
    "fazhi.reports",
    "fazhi.portal",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "fazhi.core.middleware.ContentSecurityPolicyMiddleware",
    "fazhi.core.middleware.ClientAddressMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fazhi.core.locale.ChineseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fazhi.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "fazhi.urls"
WSGI_APPLICATION = "fazhi.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "fazhi.core.context_processors.shell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
# SQLite by default (a file under var/), PostgreSQL through DATABASE_URL.
_database_url = os.environ.get("DATABASE_URL")
if _database_url:
    DATABASES = {"default": dj_database_url.parse(_database_url, conn_max_age=60)}
    DATABASES["default"].setdefault("TEST", {})
    if DATABASES["default"]["ENGINE"].endswith("postgresql"):
        # A web page's queries are short, and the server answers several users at
        # once: no JIT compilation and no parallel workers for them. A query PostgreSQL
        # expects to read many rows (a search walking the newest tickets until a page
        # is full, its rows underestimated) otherwise passes jit_above_cost and
        # parallel_setup_cost, and spends 70 ms compiling and starting workers that
        # take cores from the other requests: 天津南站 + complaints at a million
        # tickets, 8 clients, p95 1,320 → 257 ms (bench/README.md).
        # work_mem 32 MB: a search's count ANDs the search index's candidates with a
        # department's tickets (hundreds of thousands of entries at a city's scale);
        # in PostgreSQL's default 4 MB that bitmap turns lossy and every row of every
        # page it names is tested again: 噪音 in two departments, 479 → 40 ms.
        DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
            "options",
            os.environ.get(
                "FAZHI_PG_OPTIONS",
                "-c jit=off -c max_parallel_workers_per_gather=0 -c work_mem=32MB",
            ),
        )
    if os.environ.get("FAZHI_TEST_DB_NAME"):
        DATABASES["default"]["TEST"]["NAME"] = os.environ["FAZHI_TEST_DB_NAME"]
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "fazhi.sqlite3",
            # Each worker keeps its connection, and with it the page cache below,
            # from one request to the next (a new connection starts cold).
            "CONN_MAX_AGE": 600,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # Several gunicorn workers write at once: WAL lets readers run beside the
                # writer, BEGIN IMMEDIATE takes the write lock at the start of a
                # transaction (so no deadlock on lock upgrade), and the busy timeout makes
                # a writer wait for the lock instead of failing with "database is locked".
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=20000;"
                    # Reads of a city's ledgers: 64 MB of page cache per connection and
                    # the file memory-mapped, instead of a read() per page.
                    "PRAGMA cache_size=-65536;"
                    "PRAGMA mmap_size=268435456;"
                ),
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Users and login security (GB/T 22239 level 3, regulations.md §9) -----------------
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["fazhi.core.backends.DepartmentModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:login"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {
        "NAME": "fazhi.core.passwords.CharacterClassValidator",
        "OPTIONS": {"min_classes": 3},
    },
]
FAZHI_LOCKOUT_ATTEMPTS = env_int("FAZHI_LOCKOUT_ATTEMPTS", 5)
FAZHI_LOCKOUT_MINUTES = env_int("FAZHI_LOCKOUT_MINUTES", 30)
# Failures from one address that lock it. An office behind one NAT address shares it:
# raise this there (the per-account limit still holds).
FAZHI_LOCKOUT_IP_ATTEMPTS = env_int("FAZHI_LOCKOUT_IP_ATTEMPTS", FAZHI_LOCKOUT_ATTEMPTS)
# Idle session timeout; the session is dropped after this many seconds without a request.
FAZHI_IDLE_TIMEOUT_SECONDS = env_int("FAZHI_IDLE_TIMEOUT_SECONDS", 30 * 60)
SESSION_COOKIE_AGE = FAZHI_IDLE_TIMEOUT_SECONDS
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- HTTPS (production: FAZHI_HTTPS=1 behind nginx with TLS) -------------------------
FAZHI_HTTPS = env_bool("FAZHI_HTTPS", False)
SESSION_COOKIE_SECURE = FAZHI_HTTPS
CSRF_COOKIE_SECURE = FAZHI_HTTPS
SECURE_SSL_REDIRECT = FAZHI_HTTPS
SECURE_HSTS_SECONDS = env_int("FAZHI_HSTS_SECONDS", 31536000 if FAZHI_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = FAZHI_HTTPS
SECURE_HSTS_PRELOAD = env_bool("FAZHI_HSTS_PRELOAD", False)
if env_bool("FAZHI_BEHIND_PROXY", FAZHI_HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Number of trusted proxies in front of the app; the client IP for the audit trail and
# the lock-out is read from X-Forwarded-For only when this is > 0.
FAZHI_TRUSTED_PROXIES = env_int("FAZHI_TRUSTED_PROXIES", 0)

# --- Language --------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": os.environ.get(
            "FAZHI_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("FAZHI_MEDIA_ROOT", VAR_DIR / "media"))
# Attachments: limits enforced on upload; the type is checked from the file's content.
FAZHI_UPLOAD_MAX_BYTES = env_int("FAZHI_UPLOAD_MAX_MB", 20) * 1024 * 1024
FAZHI_UPLOAD_TYPES = env_list(
    "FAZHI_UPLOAD_TYPES", "pdf,docx,xlsx,doc,xls,jpg,png,txt,ofd,zip"
)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Domain settings (local rules, regulations.md marks them [U] or local) -----------
# A task due within this many days counts as "due soon".
FAZHI_DUE_SOON_DAYS = env_int("FAZHI_DUE_SOON_DAYS", 7)
# Law-study rules checked live (learning app). Local rules vary; these are the reference
# office's: the Party group's centre group studies law every quarter; at least two
# lectures a year; the per-person yearly hours are a local target [U].
FAZHI_STUDY_CENTRE_GROUP_PER_QUARTER = env_int(
    "FAZHI_STUDY_CENTRE_GROUP_PER_QUARTER", 1
)
FAZHI_STUDY_LECTURES_PER_YEAR = env_int("FAZHI_STUDY_LECTURES_PER_YEAR", 2)
FAZHI_STUDY_HOURS_PER_YEAR = env_int("FAZHI_STUDY_HOURS_PER_YEAR", 40)
# Law exams: the default pass mark (percent of full marks) a new exam starts with, and
# how late an answer or a submission may reach the server after the deadline and still
# count (the browser's own submission at 00:00 takes a moment on a slow intranet).
FAZHI_EXAM_PASS_PERCENT = env_int("FAZHI_EXAM_PASS_PERCENT", 60)
FAZHI_EXAM_GRACE_SECONDS = env_int("FAZHI_EXAM_GRACE_SECONDS", 10)
# Legality review: the working days a review is given, by kind (local defaults [U]),
# and the least a reviewer may be given without a recorded reason: 7 working days for a
# draft major decision (重大行政决策程序暂行条例 art. 26 「一般不少于7个工作日」, verified);
# 5 for a normative document (国办发〔2018〕115号 as commonly quoted, unverified [U]).
FAZHI_REVIEW_WORKING_DAYS = {
    "major_decision": env_int("FAZHI_REVIEW_DAYS_MAJOR_DECISION", 7),
    "normative": env_int("FAZHI_REVIEW_DAYS_NORMATIVE", 10),
    "contract": env_int("FAZHI_REVIEW_DAYS_CONTRACT", 5),
    "bidding": env_int("FAZHI_REVIEW_DAYS_BIDDING", 5),
    "incentive": env_int("FAZHI_REVIEW_DAYS_INCENTIVE", 5),
    "other": env_int("FAZHI_REVIEW_DAYS_OTHER", 5),
}
FAZHI_REVIEW_MINIMUM_DAYS = {
    "major_decision": env_int("FAZHI_REVIEW_MIN_DAYS_MAJOR_DECISION", 7),
    "normative": env_int("FAZHI_REVIEW_MIN_DAYS_NORMATIVE", 5),
}
# 三重一大: what counts as a large amount is set locally (regulations.md §4, no national
# number) — 500,000 yuan here [U]; and whether an ordinary 三重一大 matter, not only a
# major administrative decision (713号 art. 26–28), needs a completed legality review
# before it may go on a meeting agenda (the reference office sends them all to counsel).
FAZHI_LARGE_AMOUNT = env_int("FAZHI_LARGE_AMOUNT", 500_000)
FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL = (
    env_int("FAZHI_REVIEW_BEFORE_AGENDA_FOR_ALL", 1) == 1
)
# Remind the legal officer this many days before a counsel's contract ends.
FAZHI_COUNSEL_CONTRACT_REMINDER_DAYS = env_int(
    "FAZHI_COUNSEL_CONTRACT_REMINDER_DAYS", 30
)
FAZHI_OFFICE_NAME = os.environ.get("FAZHI_OFFICE_NAME", "区域和产业协同办公室")

# Government information disclosure (政府信息公开条例 2019, regulations.md §1).
# Reply within 20 working days of receipt (art. 33); a correction is asked for within 7
# (art. 30); a consulted third party or co-producer has 15 (arts. 32, 34); an extension is
# at most 20 (art. 33); proactive items are published within 20 of forming (art. 26).
FAZHI_DISCLOSURE_REPLY_DAYS = env_int("FAZHI_DISCLOSURE_REPLY_DAYS", 20)
FAZHI_DISCLOSURE_CORRECTION_NOTICE_DAYS = env_int(
    "FAZHI_DISCLOSURE_CORRECTION_NOTICE_DAYS", 7
)
FAZHI_DISCLOSURE_CONSULTATION_DAYS = env_int("FAZHI_DISCLOSURE_CONSULTATION_DAYS", 15)
FAZHI_DISCLOSURE_MAX_EXTENSION_DAYS = env_int("FAZHI_DISCLOSURE_MAX_EXTENSION_DAYS", 20)
FAZHI_DISCLOSURE_PUBLISH_DAYS = env_int("FAZHI_DISCLOSURE_PUBLISH_DAYS", 20)
# The period the applicant is given to correct is "reasonable" (art. 30), set locally [U].
FAZHI_DISCLOSURE_CORRECTION_PERIOD_DAYS = env_int(
    "FAZHI_DISCLOSURE_CORRECTION_PERIOD_DAYS", 15
)
# "自…之日起N个工作日": counted from the next working day (the common reading, [U]), or
# with the day of receipt as day 1 when it is a working day ("same_day").
FAZHI_DISCLOSURE_COUNT_FROM = os.environ.get("FAZHI_DISCLOSURE_COUNT_FROM", "next_day")
# "Due soon": this many working days ahead.
FAZHI_DISCLOSURE_DUE_SOON_DAYS = env_int("FAZHI_DISCLOSURE_DUE_SOON_DAYS", 5)
# Information-processing fee (国办函〔2020〕109号), per applicant per natural month,
# 超额累进: (up to this many, yuan each); the last band repeats upward for items.
FAZHI_DISCLOSURE_FEE_ITEM_FREE = env_int("FAZHI_DISCLOSURE_FEE_ITEM_FREE", 10)
FAZHI_DISCLOSURE_FEE_PAGE_BANDS = [(30, 0), (100, 10), (200, 20), (None, 40)]
# The annual report: departments submit and publish by 31 January (art. 49); local
# notices often set earlier dates (regulations.md §2.5).
FAZHI_DISCLOSURE_REPORT_DUE = os.environ.get("FAZHI_DISCLOSURE_REPORT_DUE", "01-31")
# Where a reply letter sends an applicant who disagrees (行政复议法 2023 art. 20: 60 days;
# 行政诉讼法 art. 46: 6 months); the names are local.
FAZHI_DISCLOSURE_REVIEW_BODY = os.environ.get(
    "FAZHI_DISCLOSURE_REVIEW_BODY", "区人民政府"
)
FAZHI_DISCLOSURE_COURT = os.environ.get("FAZHI_DISCLOSURE_COURT", "区人民法院")
# The proactive-disclosure catalogue: the 索引号 prefix (the office's organisation code)
# and the categories offered (条例 arts. 20–21 for a district department; configurable).
FAZHI_DISCLOSURE_INDEX_PREFIX = os.environ.get("FAZHI_DISCLOSURE_INDEX_PREFIX", "XTB")
FAZHI_DISCLOSURE_CATEGORIES = [
    "机构职能",
    "政策文件",
    "规划计划",
    "财政预决算",
    "行政事业性收费",
    "政府采购",
    "重大建设项目",
    "公共资源配置",
    "统计信息",
    "行政许可和其他对外管理服务事项",
    "行政处罚和行政强制",
    "应急管理",
    "公务员招考",
    "市政建设",
    "公共服务",
    "其他",
]
# The disclosure guide (指南, art. 12): where and how to apply.
FAZHI_DISCLOSURE_GUIDE = {
    "office": os.environ.get(
        "FAZHI_GUIDE_OFFICE", "区域和产业协同办公室 办公室（政务公开）"
    ),
    "address": os.environ.get(
        "FAZHI_GUIDE_ADDRESS", "天津市西青区某路某号 区协同办三楼"
    ),
    "hours": os.environ.get(
        "FAZHI_GUIDE_HOURS", "工作日 上午9:00—12:00，下午13:30—17:30（法定节假日除外）"
    ),
    "phone": os.environ.get("FAZHI_GUIDE_PHONE", "022-2300 0000"),
    "fax": os.environ.get("FAZHI_GUIDE_FAX", "022-2300 0001"),
    "email": os.environ.get("FAZHI_GUIDE_EMAIL", "gongkai@example.gov.cn"),
}
# The portal: applications and look-ups allowed per address per hour.
FAZHI_PORTAL_APPLY_PER_HOUR = env_int("FAZHI_PORTAL_APPLY_PER_HOUR", 5)
FAZHI_PORTAL_TRACK_PER_HOUR = env_int("FAZHI_PORTAL_TRACK_PER_HOUR", 30)
FAZHI_PORTAL_MESSAGE_PER_HOUR = env_int("FAZHI_PORTAL_MESSAGE_PER_HOUR", 5)

# Citizen demands (regulations.md §7). Time limits differ by place [U]; the defaults are
# the common ones: sign for within 1 working day of receipt, reply within 5 working days
# (济南, 潍坊, 山东), an urgent ticket within 2 hours; an extension at most 10 working days
# (山东); a return to the dispatcher within 2 working days (山东). Per-kind reply limits;
# a category's own limit wins over its kind's.
FAZHI_HOTLINE_SIGN_DAYS = env_int("FAZHI_HOTLINE_SIGN_DAYS", 1)
FAZHI_HOTLINE_REPLY_DAYS = {
    "consult": env_int("FAZHI_HOTLINE_REPLY_DAYS_CONSULT", 5),
    "help": env_int("FAZHI_HOTLINE_REPLY_DAYS_HELP", 5),
    "complaint": env_int("FAZHI_HOTLINE_REPLY_DAYS_COMPLAINT", 5),
    "suggestion": env_int("FAZHI_HOTLINE_REPLY_DAYS_SUGGESTION", 5),
    "report": env_int("FAZHI_HOTLINE_REPLY_DAYS_REPORT", 5),
}
FAZHI_HOTLINE_URGENT_HOURS = env_int("FAZHI_HOTLINE_URGENT_HOURS", 2)
FAZHI_HOTLINE_MAX_EXTENSION_DAYS = env_int("FAZHI_HOTLINE_MAX_EXTENSION_DAYS", 10)
FAZHI_HOTLINE_RETURN_DAYS = env_int("FAZHI_HOTLINE_RETURN_DAYS", 2)
# "Due soon": due within this many hours.
FAZHI_HOTLINE_DUE_SOON_HOURS = env_int("FAZHI_HOTLINE_DUE_SOON_HOURS", 24)
# The office's trained category-suggestion model (`fazhi hotline train`).
FAZHI_HOTLINE_MODEL_PATH = Path(
    os.environ.get("FAZHI_HOTLINE_MODEL_PATH", VAR_DIR / "hotline-suggest.joblib")
)
# The Open311 jurisdiction_id this server answers to (GeoReport v2).
FAZHI_OPEN311_JURISDICTION = os.environ.get(
    "FAZHI_OPEN311_JURISDICTION", "xtb.example.gov.cn"
)
# Open311 POSTs allowed per api_key per hour, and the endpoint type the discovery
# document announces ("production" or "test").
FAZHI_OPEN311_POSTS_PER_HOUR = env_int("FAZHI_OPEN311_POSTS_PER_HOUR", 100)
FAZHI_OPEN311_ENDPOINT_TYPE = os.environ.get(
    "FAZHI_OPEN311_ENDPOINT_TYPE", "production"
)
# Largest platform export accepted through the web page; bigger ones go through
# `fazhi hotline import`, which streams any size and shows its progress.
FAZHI_HOTLINE_IMPORT_MAX_MB = env_int("FAZHI_HOTLINE_IMPORT_MAX_MB", 30)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {
        "handlers": ["console"],
        "level": os.environ.get("FAZHI_LOG_LEVEL", "WARNING"),
    },
}

NINJA_PAGINATION_PER_PAGE = 50

# The annual rule-of-law report (督察工作规定; regulations.md §5). A department files it with
# the Party committee and the government "by 1 March in many provinces" (a local rule, so a
# setting, "MM-DD" of the following year) and publishes it by 1 April (art. 24).
# The office's short name as its documents use it, and whom the report goes to.
FAZHI_OFFICE_SHORT_NAME = os.environ.get("FAZHI_OFFICE_SHORT_NAME", "区协同办")
FAZHI_REPORT_ADDRESSEE = os.environ.get("FAZHI_REPORT_ADDRESSEE", "区委、区政府")
# The annual plan is made and deployed at a meeting (年初召开部署会) by this day ("MM-DD"):
# no national text gives a date, so a setting; the default is the end of the first quarter.
FAZHI_PLAN_DEPLOY_BY = os.environ.get("FAZHI_PLAN_DEPLOY_BY", "03-31")
FAZHI_REPORT_INTERNAL_DUE = os.environ.get("FAZHI_REPORT_INTERNAL_DUE", "03-01")
FAZHI_REPORT_PUBLIC_DUE = os.environ.get("FAZHI_REPORT_PUBLIC_DUE", "04-01")
# Days before each deadline on which the keepers and leaders are reminded.
FAZHI_REPORT_REMIND_DAYS = [
    int(d)
    for d in os.environ.get("FAZHI_REPORT_REMIND_DAYS", "30,14,7,3,1,0").split(",")
    if d.strip()
]
# The dashboard's and the self-assessment's figures are recomputed at most this often
# (seconds); the page says when they were counted and offers to count again. 0: always.
FAZHI_DASHBOARD_MAX_AGE = env_int("FAZHI_DASHBOARD_MAX_AGE", 300)
# A year with more tickets than this gets its ledger workbook from
# `fazhi reports workbook YEAR` (cron) rather than while the user waits.
FAZHI_WORKBOOK_WEB_MAX_ROWS = env_int("FAZHI_WORKBOOK_WEB_MAX_ROWS", 200_000)
# LibreOffice for the report's .pdf; without it the page offers the .docx only.
FAZHI_SOFFICE = os.environ.get("FAZHI_SOFFICE", "soffice")
