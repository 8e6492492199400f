"""Hunyuan Desktop: a native chat client for Tencent Hunyuan models."""

__version__ = "0.1.0"
