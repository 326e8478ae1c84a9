#!/usr/bin/env python3
"""Python peer for Vitrine's CNN embedding speed (issue 18, item 1); it measures, it is not product code.

torchvision's MobileNetV2 cut after block 12 (features[:14], the depth of Vitrine's default layer
block_12_add) or InceptionV3 cut after Mixed_6a (Keras mixed3), random weights, eval mode, no
grad, channels-last, batches of 16, global average pooling, as a short Python script would run
them with Debian's python3-torch. Two figures per run:
  net  - the network alone on random 224x224 (299x299) batches,
  e2e  - end to end on a folder of JPEGs: read + decode (torchvision.io.decode_jpeg), bilinear
         resize without crop to the input size, /255, the network.
Prints one JSON object per line. Exits 0 with a SKIP line when torch/torchvision are absent.

  /usr/bin/python3 bench/peer_cnn.py --model mobilenet_v2 --threads 2 --images-dir resources/demo/images
"""
import argparse
import glob
import json
import os
import sys
import time

try:
    import torch
    import torch.nn.functional as F
    import torchvision
    from torchvision.io import decode_jpeg, read_file
except ImportError as e:  # python3-torch / python3-torchvision not installed
    print(json.dumps({"skip": f"python3-torch or python3-torchvision missing ({e})"}))
    sys.exit(0)


def build(model):
    if model == "mobilenet_v2":
        net = torchvision.models.mobilenet_v2(weights=None)
        body = net.features[:14]  # stem + blocks 0..12 (Keras block_12_add)
        size = 224
    elif model == "inception_v3":
        net = torchvision.models.inception_v3(weights=None, aux_logits=False, init_weights=False)
        body = torch.nn.Sequential(net.Conv2d_1a_3x3, net.Conv2d_2a_3x3, net.Conv2d_2b_3x3, net.maxpool1,
                                   net.Conv2d_3b_1x1, net.Conv2d_4a_3x3, net.maxpool2, net.Mixed_5b,
                                   net.Mixed_5c, net.Mixed_5d, net.Mixed_6a)  # Keras mixed3
        size = 299
    else:
        raise SystemExit(f"unknown model {model}")
    body.eval()
    return body, size


def embed(body, x, channels_last):
    if channels_last:
        x = x.contiguous(memory_format=torch.channels_last)
    return body(x).mean((2, 3))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", default="mobilenet_v2")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--images", type=int, default=267, help="images per net measurement")
    ap.add_argument("--images-dir", default="", help="JPEG folder for the end-to-end figure")
    ap.add_argument("--no-channels-last", action="store_true")
    ap.add_argument("--mode", default="net,e2e")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    cl = not a.no_channels_last
    body, size = build(a.model)
    if cl:
        body = body.to(memory_format=torch.channels_last)
    info = {"model": a.model, "threads": a.threads, "batch": a.batch, "channels_last": cl,
            "mkldnn": torch.backends.mkldnn.is_available(), "torch": torch.__version__}
    with torch.no_grad():
        embed(body, torch.rand(2, 3, size, size), cl)  # warm-up
        if "net" in a.mode:
            torch.manual_seed(0)
            x = torch.rand(a.batch, 3, size, size)
            t0 = time.perf_counter()
            done = 0
            while done < a.images:
                n = min(a.batch, a.images - done)
                embed(body, x[:n], cl)
                done += n
            dt = time.perf_counter() - t0
            print(json.dumps(dict(info, what="net", images=done, seconds=dt, images_per_s=done / dt)), flush=True)
        if "e2e" in a.mode and a.images_dir:
            files = sorted(glob.glob(os.path.join(a.images_dir, "*.jpg")) + glob.glob(os.path.join(a.images_dir, "*.jpeg")))
            t0 = time.perf_counter()
            for i in range(0, len(files), a.batch):
                xs = []
                for f in files[i:i + a.batch]:
                    img = decode_jpeg(read_file(f), mode=torchvision.io.ImageReadMode.RGB).float().unsqueeze(0)
                    xs.append(F.interpolate(img, size=(size, size), mode="bilinear", align_corners=False) / 255.0)
                embed(body, torch.cat(xs), cl)
            dt = time.perf_counter() - t0
            print(json.dumps(dict(info, what="e2e", images=len(files), seconds=dt, images_per_s=len(files) / dt)),
                  flush=True)


if __name__ == "__main__":
    main()
