#include "browser/artworkdetail.h"

#include <QDir>
#include <QFileInfo>
#include <QImageReader>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "catalog/catalog.h"
#include "services/backgroundjob.h"
#include "services/pixmapcache.h"
#include "recommendations/recommendationmodel.h"
#include "recommendations/recommendationview.h"
#include "theme/theme.h"

namespace vitrine {

namespace {
constexpr int kMaxDecodeSide = 1400;  // the panel never shows more; keeps decoding quick

QImage readScaled(const QString& path) {
  QImageReader reader(path);
  reader.setAutoTransform(true);
  const QSize size = reader.size();
  if (size.isValid() && std::max(size.width(), size.height()) > kMaxDecodeSide) {
    reader.setScaledSize(size.scaled(kMaxDecodeSide, kMaxDecodeSide, Qt::KeepAspectRatio));
  }
  return reader.read();
}

QString row(const QString& key, const QString& value) {
  return QStringLiteral("<tr><td style='color:%1; padding-right:10px'>%2</td><td>%3</td></tr>")
      .arg(theme::textDim().name(), key.toHtmlEscaped(), value);
}

QString jsonValueText(const QJsonValue& v) {
  if (v.isString()) return v.toString();
  if (v.isDouble()) return QString::number(v.toDouble());
  if (v.isBool()) return v.toBool() ? QStringLiteral("yes") : QStringLiteral("no");
  if (v.isNull()) return QString();
  return QString::fromUtf8(QJsonDocument(v.isArray() ? QJsonDocument(v.toArray()) : QJsonDocument(v.toObject()))
                               .toJson(QJsonDocument::Compact));
}

QLabel* sectionLabel(const QString& text, QWidget* parent) {
  auto* l = new QLabel(text, parent);
  QFont f = l->font();
  f.setWeight(QFont::DemiBold);
  l->setFont(f);
  l->setStyleSheet(theme::css(theme::textSecondary()) + QStringLiteral("; margin-top:6px"));
  return l;
}
}  // namespace

ArtworkDetail::ArtworkDetail(PixmapCache* pixmaps, QWidget* parent)
    : QWidget(parent),
      m_pixmaps(pixmaps),
      m_imageJob(new BackgroundJob(this)),
      m_imageLabel(new QLabel(this)),
      m_title(new QLabel(this)),
      m_byline(new QLabel(this)),
      m_meta(new QLabel(this)),
      m_profileButton(new QPushButton(this)),
      m_visLabel(nullptr),
      m_curLabel(nullptr),
      m_visModel(new RecommendationModel(pixmaps, this)),
      m_curModel(new RecommendationModel(pixmaps, this)),
      m_visView(new RecommendationView(true, this)),
      m_curView(new RecommendationView(true, this)),
      m_content(new QWidget(this)) {
  auto* scroll = new QScrollArea(this);
  scroll->setWidgetResizable(true);
  scroll->setFrameShape(QFrame::NoFrame);
  scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
  auto* outer = new QVBoxLayout(this);
  outer->setContentsMargins(0, 0, 0, 0);
  outer->addWidget(scroll);

  auto* lay = new QVBoxLayout(m_content);
  lay->setContentsMargins(12, 10, 12, 12);
  lay->setSpacing(6);
  m_imageLabel->setAlignment(Qt::AlignCenter);
  m_imageLabel->setMinimumHeight(200);
  m_imageLabel->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
  m_imageLabel->setStyleSheet(QStringLiteral("background:%1; border-radius:6px; color:%2")
                                  .arg(theme::well().name(), theme::textPlaceholder().name()));
  m_imageLabel->setText(tr("Click an artwork to see it here."));
  lay->addWidget(m_imageLabel);

  QFont tf = m_title->font();
  if (tf.pointSizeF() > 0) tf.setPointSizeF(tf.pointSizeF() + 4);
  tf.setWeight(QFont::DemiBold);
  m_title->setFont(tf);
  m_title->setWordWrap(true);
  m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
  m_byline->setWordWrap(true);
  m_byline->setStyleSheet(theme::css(theme::textSecondary()));
  m_byline->setTextInteractionFlags(Qt::TextSelectableByMouse);
  lay->addWidget(m_title);
  lay->addWidget(m_byline);

  m_profileButton->setObjectName(QStringLiteral("detailProfileButton"));
  m_profileButton->setEnabled(false);
  m_profileButton->setText(tr("Add to profile"));
  lay->addWidget(m_profileButton, 0, Qt::AlignLeft);
  connect(m_profileButton, &QPushButton::clicked, this, [this] {
    if (m_id > 0) Q_EMIT toggleProfileRequested(m_id);
  });

  m_meta->setWordWrap(true);
  m_meta->setTextFormat(Qt::RichText);
  m_meta->setOpenExternalLinks(true);
  m_meta->setTextInteractionFlags(Qt::TextBrowserInteraction);
  lay->addWidget(m_meta);

  lay->addWidget(sectionLabel(tr("More like this"), m_content));
  m_visLabel = new QLabel(tr("VisRank"), m_content);
  m_visLabel->setStyleSheet(theme::css(theme::textDim()));
  lay->addWidget(m_visLabel);
  m_visView->setModel(m_visModel);
  m_visView->setObjectName(QStringLiteral("moreVisRank"));
  m_visModel->setObjectName(QStringLiteral("moreVisRankModel"));
  lay->addWidget(m_visView);
  m_curLabel = new QLabel(tr("CuratorNet"), m_content);
  m_curLabel->setStyleSheet(theme::css(theme::textDim()));
  m_curLabel->setWordWrap(true);
  lay->addWidget(m_curLabel);
  m_curView->setModel(m_curModel);
  m_curView->setObjectName(QStringLiteral("moreCuratorNet"));
  m_curModel->setObjectName(QStringLiteral("moreCuratorNetModel"));
  lay->addWidget(m_curView);
  lay->addStretch(1);
  for (RecommendationView* v : {m_visView, m_curView}) {
    connect(v, &RecommendationView::showRequested, this, &ArtworkDetail::showRequested);
    connect(v, &RecommendationView::addRequested, this, &ArtworkDetail::addRequested);
  }
  scroll->setWidget(m_content);

  connect(m_pixmaps, &PixmapCache::pixmapReady, this, [this](qint64 id) {
    if (id == m_id && !m_fromSource) {
      m_image = m_pixmaps->pixmap(id);
      updateImage();
    }
  });
}

ArtworkDetail::~ArtworkDetail() = default;

void ArtworkDetail::setCatalog(std::shared_ptr<Catalog> catalog) {
  m_catalog = std::move(catalog);
  m_id = 0;
  m_imageJob->cancel();
  m_image = QPixmap();
  m_fromSource = false;
  m_imageLabel->setPixmap(QPixmap());
  m_imageLabel->setText(tr("Click an artwork to see it here."));
  m_title->clear();
  m_byline->clear();
  m_meta->clear();
  m_profileButton->setEnabled(false);
  m_visModel->clear();
  m_curModel->clear();
}

QString ArtworkDetail::absoluteSourcePath(const QString& stored, const QString& catalogDir) {
  if (stored.isEmpty()) return {};
  const QString abs = QFileInfo(stored).isRelative() ? QDir(catalogDir).filePath(stored) : stored;
  return QDir::toNativeSeparators(QDir::cleanPath(abs));
}

QString ArtworkDetail::displaySourcePath(const QString& stored, const QString& catalogDir) {
  const QString abs = QDir::fromNativeSeparators(absoluteSourcePath(stored, catalogDir));
  if (abs.isEmpty() || catalogDir.isEmpty()) return QDir::toNativeSeparators(abs);
  const QString dir = QDir::cleanPath(QDir(catalogDir).absolutePath());
  if (abs.startsWith(dir + QLatin1Char('/'))) return QDir::toNativeSeparators(abs.mid(dir.size() + 1));
  return QDir::toNativeSeparators(abs);
}

QString ArtworkDetail::titleText() const { return m_title->text(); }
QString ArtworkDetail::metadataText() const { return m_meta->text(); }

void ArtworkDetail::showArtwork(qint64 artworkId) {
  if (!m_catalog || artworkId <= 0) return;
  std::optional<Artwork> a;
  try {
    a = m_catalog->artwork(artworkId);  // one indexed row
  } catch (const std::exception&) {
  }
  if (!a) return;
  m_id = artworkId;
  m_fromSource = false;
  m_title->setText(QString::fromStdString(a->title).isEmpty() ? tr("Untitled") : QString::fromStdString(a->title));
  QString byline = QString::fromStdString(a->artist);
  if (!a->dateText.empty()) {
    byline += (byline.isEmpty() ? QString() : QStringLiteral("\n")) + QString::fromStdString(a->dateText);
  }
  m_byline->setText(byline);
  m_profileButton->setEnabled(true);

  QString html = QStringLiteral("<table cellspacing='0' cellpadding='1'>");
  const auto add = [&html](const QString& key, const std::string& value) {
    if (!value.empty()) html += row(key, QString::fromStdString(value).toHtmlEscaped());
  };
  add(tr("Medium"), a->medium);
  add(tr("Period"), a->period);
  add(tr("Style"), a->style);
  if (a->year) html += row(tr("Year"), QString::number(*a->year));
  if (a->width > 0 && a->height > 0) {
    html += row(tr("Image"), tr("%1 \u00d7 %2 px").arg(a->width).arg(a->height));
  }
  add(tr("Id"), a->externalId);
  if (!a->sourcePath.empty()) {
    const QString stored = QString::fromStdString(a->sourcePath);
    const QString dir = QString::fromStdString(m_catalog->directory());
    html += row(tr("File"), displaySourcePath(stored, dir).toHtmlEscaped());
  }
  const QJsonDocument extra = QJsonDocument::fromJson(QByteArray::fromStdString(a->extraJson));
  if (extra.isObject()) {
    const QJsonObject obj = extra.object();
    for (auto it = obj.begin(); it != obj.end(); ++it) {
      const QString value = jsonValueText(it.value());
      if (value.isEmpty()) continue;
      QString key = it.key();
      key.replace(QLatin1Char('_'), QLatin1Char(' '));
      if (!key.isEmpty()) key[0] = key[0].toUpper();
      const bool link = value.startsWith(QLatin1String("http://")) || value.startsWith(QLatin1String("https://"));
      html += row(key, link ? QStringLiteral("<a style='color:%1' href='%2'>%3</a>")
                                  .arg(theme::link().name(), value.toHtmlEscaped(), value.toHtmlEscaped())
                            : value.toHtmlEscaped());
    }
  }
  html += QStringLiteral("</table>");
  m_meta->setText(html);

  // The thumbnail right away, the source file when it has been decoded.
  m_image = m_pixmaps->pixmap(artworkId);
  updateImage();
  m_imageJob->cancel();
  if (!a->sourcePath.empty()) {
    QString path = QString::fromStdString(a->sourcePath);
    if (QFileInfo(path).isRelative()) {
      path = QDir(QString::fromStdString(m_catalog->directory())).filePath(path);
    }
    if (QFileInfo(path).isFile()) {
      m_imageJob->start([path](const JobContext&) { return readScaled(path); },
                        [this](const QImage& img) {
                          if (img.isNull()) return;
                          m_image = QPixmap::fromImage(img);
                          m_fromSource = true;
                          updateImage();
                        });
    }
  }
  m_visModel->clear();
  m_curModel->clear();
  m_visView->setEmptyText(tr("Ranking\u2026"));
  m_curView->setEmptyText(tr("Ranking\u2026"));
}

void ArtworkDetail::setInProfile(bool inProfile) {
  m_profileButton->setText(inProfile ? tr("\u2212  Remove from profile") : tr("+  Add to profile"));
  m_profileButton->setToolTip(tr("Space in the grid does the same"));
}

void ArtworkDetail::setMoreLikeThis(const RecommendationColumn& visrank, const RecommendationColumn& curatornet) {
  m_visModel->setColumn(visrank);
  m_curModel->setColumn(curatornet);
  QSet<qint64> vis, cur;
  for (const RecommendedArtwork& a : visrank.items) vis.insert(a.artworkId);
  for (const RecommendedArtwork& a : curatornet.items) cur.insert(a.artworkId);
  m_visModel->setOtherIds(cur);
  m_curModel->setOtherIds(vis);
  m_visLabel->setText(visrank.ranker.isEmpty() ? tr("VisRank") : visrank.ranker);
  m_visView->setEmptyText(visrank.error);
  if (!curatornet.ranker.isEmpty()) m_curLabel->setText(curatornet.ranker);
  m_curView->setEmptyText(curatornet.error.isEmpty() && curatornet.items.empty() ? m_curView->emptyText()
                                                                                 : curatornet.error);
}

void ArtworkDetail::setCuratorNetNote(const QString& note) {
  m_curLabel->setText(tr("CuratorNet"));
  m_curView->setEmptyText(note);
}

void ArtworkDetail::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  updateImage();
}

void ArtworkDetail::updateImage() {
  if (m_image.isNull()) {
    if (m_id > 0) m_imageLabel->setText(tr("Loading\u2026"));
    return;
  }
  const int w = std::max(120, m_content->width() - 24);
  const QSize target = m_image.size().scaled(QSize(w, std::max(200, w)), Qt::KeepAspectRatio);
  // Small thumbnails are enlarged at most 2x so they do not turn to mush.
  const QSize capped = target.width() > 2 * m_image.width() ? m_image.size() * 2 : target;
  m_imageLabel->setPixmap(m_image.scaled(capped, Qt::KeepAspectRatio, Qt::SmoothTransformation));
}

}  // namespace vitrine
