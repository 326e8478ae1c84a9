#pragma once
#include <string>
#include <vector>

namespace vitrine {

// Descriptive metadata a museum or photographer embedded in an image file (read with Exiv2; no
// Exiv2 type crosses this header). Policy and precedence: docs/data-policies.md, "Embedded
// metadata". Each text field is UTF-8, trimmed, empty when absent; the matching *Source names the
// key it came from (for example "Xmp.dc.title") so the import report can say what was used.
struct EmbeddedMetadata {
  int orientation = 1;  // EXIF orientation 1..8 (Exif.Image.Orientation); 1 when absent or invalid
  std::string title, titleSource;
  std::string artist, artistSource;
  std::string date, dateSource;  // as written (e.g. "1672", "c. 1631"); never the capture time
  std::string rights, rightsSource;
  std::string error;  // why the metadata could not be read; pixels may still be fine
};

// Reads EXIF, IPTC and XMP from an encoded image held in memory (JPEG, PNG, TIFF, WebP; other
// formats give an empty result). Never throws. A damaged EXIF, IPTC or XMP block is skipped (the
// other blocks are still read) and `error` says which (Exiv2's warning); pixels are unaffected.
// Precedence per field, first non-empty wins: XMP IPTC Extension "artwork or object"
// (Iptc4xmpExt:ArtworkOrObject AOTitle/AOCreator/AODateCreated/AOCopyrightNotice), then XMP
// Dublin Core (dc:title, dc:creator, dc:date, dc:rights), then IPTC IIM (ObjectName, By-line,
// DateCreated, CopyrightNotice), then EXIF (ImageDescription unless camera boilerplate, Artist, Copyright). EXIF
// DateTimeOriginal is not used: it is when the photograph was taken, not when the work was made.
// Safe to call from several threads at once.
EmbeddedMetadata readEmbeddedMetadata(const std::vector<unsigned char>& bytes);

}  // namespace vitrine
