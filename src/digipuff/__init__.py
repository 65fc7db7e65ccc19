"""DigiPUFF - digital planering och uppföljning: plans, follow-up and reports for a Swedish municipality."""

__version__ = "0.1.0"
