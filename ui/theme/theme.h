#pragma once
#include <QColor>
#include <QPalette>
#include <QString>

class QStyle;

// Vitrine's colours, one meaning each: every widget, delegate and view takes its colours from
// here (never a literal), so a colour on screen always says the same thing. Dark ground: artworks
// read best on a neutral dark background.
namespace vitrine::theme {

// --- grounds and surfaces ---------------------------------------------------------------------
inline QColor window() { return QColor(0x26, 0x26, 0x2a); }     // panels, toolbars, docks
inline QColor ground() { return QColor(0x1e, 0x1e, 0x21); }     // where artworks lie: grids, lists, map
inline QColor alternate() { return QColor(0x2a, 0x2a, 0x2e); }  // alternating rows
inline QColor raised() { return QColor(0x33, 0x33, 0x38); }     // buttons and cards
inline QColor raisedDisabled() { return QColor(0x2c, 0x2c, 0x30); }
inline QColor tile() { return QColor(0x2c, 0x2c, 0x30); }         // an artwork's tile in a grid or list
inline QColor hover() { return QColor(0x3a, 0x3a, 0x40); }        // the tile under the mouse
inline QColor well() { return QColor(0x17, 0x17, 0x1a); }         // behind a large image
inline QColor placeholder() { return QColor(0x3a, 0x3a, 0x3e); }  // a thumbnail not decoded yet
inline QColor frame() { return QColor(0x68, 0x68, 0x70); }        // thin outlines of tiles
inline QColor tooltip() { return QColor(0x30, 0x30, 0x35); }
inline QColor scrim() { return QColor(0, 0, 0, 170); }  // under text drawn on an image

// --- text -------------------------------------------------------------------------------------
inline QColor text() { return QColor(0xe8, 0xe8, 0xea); }           // titles and body text
inline QColor textSelected() { return QColor(Qt::white); }          // on the selection colour
inline QColor textSecondary() { return QColor(0xc8, 0xc8, 0xd0); }  // bylines, values
inline QColor textDim() { return QColor(0x9a, 0x9a, 0xa4); }        // labels, hints, empty states
inline QColor textPlaceholder() { return QColor(0x7a, 0x7a, 0x82); }

// --- meanings ---------------------------------------------------------------------------------
inline QColor selection() { return QColor(0x3d, 0x7b, 0xd9); }  // the selected item; primary buttons
inline QColor link() { return QColor(0x86, 0xb7, 0xe8); }       // links and "working..." status
inline QColor linkVisited() { return QColor(0xa8, 0x9c, 0xe0); }
inline QColor profile() { return QColor(0xe0, 0x6c, 0x4f); }       // an artwork in the profile
inline QColor bothModels() { return QColor(0xe3, 0xb3, 0x41); }    // recommended by both models
inline QColor onBothModels() { return QColor(0x26, 0x1d, 0x05); }  // text on bothModels()
inline QColor curatorNet() { return QColor(0xf0, 0x6e, 0xc8); }    // recommended by CuratorNet (map)
inline QColor visRank() { return QColor(0x3f, 0xd6, 0xf2); }       // recommended by VisRank (map)
inline QColor error() { return QColor(0xf2, 0x8b, 0x82); }         // a field's validation message
inline QColor notice() { return QColor(0xe8, 0xc4, 0x6a); }        // why something is read-only

// A categorical colour for cluster or period `index` (12, then repeating); -1 = none/other.
QColor category(int index);
int categoryCount();

// "color:#rrggbb" for a style sheet.
inline QString css(const QColor& c) { return QStringLiteral("color:%1").arg(c.name()); }

// The application palette built from the colours above.
QPalette palette();

// The application style: Fusion (it draws the same everywhere and honours the dark palette),
// without icons on dialog buttons ("Close", "OK", ...): the style's icons are dark ink meant for
// a light ground and were barely visible on this one. The caller owns the style (pass it to
// QApplication::setStyle, which takes it over).
QStyle* makeStyle();

}  // namespace vitrine::theme
