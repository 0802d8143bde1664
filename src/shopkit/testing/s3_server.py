"""A local S3-compatible server for tests: moto's server mode on 127.0.0.1, over HTTP.

::

    with LocalS3() as s3:
        STORAGES["s3"] = {"OPTIONS": s3.storage_options}  # or S3Storage(**s3.storage_options)
        s3.client().get_object(Bucket=s3.bucket, Key=name)

Needs ``moto[server]`` (in shopkit's ``test`` extra).
"""

from __future__ import annotations

from typing import Any


class LocalS3:
    """moto's S3 server on a free port of 127.0.0.1, with one empty bucket."""

    access_key = "shopkit-test-key"
    secret_key = "shopkit-test-secret"

    def __init__(self, bucket: str = "shopkit-test", region: str = "us-east-1") -> None:
        self.bucket = bucket
        self.region = region

    def start(self) -> LocalS3:
        from moto.server import ThreadedMotoServer

        self.server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
        self.server.start()
        host, port = self.server.get_host_and_port()
        self.endpoint_url = f"http://{host}:{port}"
        self.client().create_bucket(Bucket=self.bucket)
        return self

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> LocalS3:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def storage_options(self) -> dict[str, Any]:
        """``S3Storage`` keyword arguments for this server (``STORAGES["s3"]["OPTIONS"]``)."""
        return {
            "bucket_name": self.bucket,
            "endpoint_url": self.endpoint_url,
            "region_name": self.region,
            "access_key": self.access_key,
            "secret_key": self.secret_key,
        }

    def client(self) -> Any:
        """A boto3 S3 client on this server, to look at the bucket directly."""
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint_url,
            region_name=self.region,
            aws_access_key_id=self.access_key,
            aws_secret_access_key=self.secret_key,
        )


__all__ = ["LocalS3"]
