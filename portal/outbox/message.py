"""A mail as plain data (JSON) and back, so that it can wait in the database.

Django's messages hold Python objects (alternatives, attachments as bytes);
JSON keeps what the transport needs to rebuild the same message, and the
Message-ID and Date are fixed when the mail is written, so that a mail sent
again after a failure is the same mail to the receiving side."""

import base64
import uuid
from email import message_from_bytes, policy
from email.message import Message
from email.mime.base import MIMEBase
from email.utils import formatdate

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.mail.utils import DNS_NAME


class _StoredPart(MIMEBase):
    """An attachment that was given as a ready MIME part: parsed back as one,
    since Django attaches MIME parts only when they are MIMEBase."""

    def __init__(self):
        Message.__init__(self, policy=policy.compat32)


def _pack(value):
    if isinstance(value, bytes):
        return {"base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, EmailMessage):
        value = value.message().as_bytes()
        return {"base64": base64.b64encode(value).decode("ascii")}
    if isinstance(value, Message):
        return {"base64": base64.b64encode(value.as_bytes()).decode("ascii")}
    return {"text": value}


def _unpack(packed):
    if "base64" in packed:
        return base64.b64decode(packed["base64"])
    return packed["text"]


def _attachment(item):
    if isinstance(item, MIMEBase):
        return {"part": _pack(item.as_bytes())}
    filename, content, mimetype = item
    return {"filename": filename, "content": _pack(content), "mimetype": mimetype}


def _restore_attachment(data):
    if "part" in data:
        return message_from_bytes(_unpack(data["part"]), _class=_StoredPart)
    return (data["filename"], _unpack(data["content"]), data["mimetype"])


def fix_identity(message):
    """Give the message its Message-ID and Date now, once; returns the id."""
    headers = message.extra_headers
    if not any(name.lower() == "message-id" for name in headers):
        # From the operating system's randomness: make_msgid() draws on the
        # `random` module, which a seeded caller (Hypothesis, in the fuzz
        # tests) makes repeat, and the outbox keeps one row per Message-ID.
        headers["Message-ID"] = f"<{uuid.uuid4().hex}@{DNS_NAME}>"
    if not any(name.lower() == "date" for name in headers):
        headers["Date"] = formatdate(localtime=True)
    return next(value for name, value in headers.items() if name.lower() == "message-id")


def to_data(message):
    return {
        "subject": message.subject,
        "body": message.body,
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": dict(message.extra_headers),
        "content_subtype": message.content_subtype,
        "mixed_subtype": message.mixed_subtype,
        "encoding": message.encoding,
        "alternatives": [
            {"content": _pack(content), "mimetype": mimetype}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": [_attachment(item) for item in message.attachments],
    }


def from_data(data, connection=None):
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[
            (_unpack(item["content"]), item["mimetype"]) for item in data["alternatives"]
        ],
        connection=connection,
    )
    message.content_subtype = data["content_subtype"]
    message.mixed_subtype = data["mixed_subtype"]
    message.encoding = data["encoding"]
    for item in data["attachments"]:
        restored = _restore_attachment(item)
        if isinstance(restored, MIMEBase):
            message.attach(restored)
        else:
            message.attach(*restored)
    return message
