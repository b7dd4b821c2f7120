#!/usr/bin/env python3
"""Print the JSON events that AWS would send to the functions, for invoking them with curl.

  events.py s3-created BUCKET KEY SIZE   S3 notification of one created object
  events.py scheduled TIME               EventBridge scheduled event at TIME (ISO-8601, UTC)

S3 notifications carry the object key URL-encoded as HTML forms encode it, with "+" for a
space, so "images/Ankle boot/a.png" arrives as "images/Ankle+boot/a.png".
"""

import json
import sys
import uuid
from datetime import datetime, timezone
from urllib.parse import quote_plus


def s3_created(bucket, key, size):
    return {"Records": [{
        "eventVersion": "2.1",
        "eventSource": "aws:s3",
        "awsRegion": "us-east-1",
        "eventTime": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
        "eventName": "ObjectCreated:Put",
        "s3": {
            "s3SchemaVersion": "1.0",
            "configurationId": "linprobe-local",
            "bucket": {"name": bucket, "arn": "arn:aws:s3:::" + bucket},
            "object": {"key": quote_plus(key, safe="/"), "size": int(size)},
        },
    }]}


def scheduled(time):
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "000000000000",
        "time": time,
        "region": "us-east-1",
        "resources": ["arn:aws:events:us-east-1:000000000000:rule/linprobe-train"],
        "detail": {},
    }


def main():
    if len(sys.argv) == 5 and sys.argv[1] == "s3-created":
        event = s3_created(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 3 and sys.argv[1] == "scheduled":
        event = scheduled(sys.argv[2])
    else:
        sys.exit(__doc__)
    print(json.dumps(event))


if __name__ == "__main__":
    main()
