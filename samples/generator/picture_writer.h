// Pictures for the tests and the sample incident, drawn and never
// photographed: a cartoon face whose light and dark regions (hair, brows,
// eyes, nose, mouth, shaded cheeks) are what OpenCV's frontal-face Haar
// cascade looks for, so that face detection can be tested without
// committing anyone's likeness; and plain grey pictures, which hold no
// face. Encoded as baseline JPEG through libjpeg. Stateless; thread-safe.
#pragma once

#include <string>
#include <vector>

namespace leakscan::sample {

// The cascade takes this drawing for a face only at some sizes and grey
// levels (measured: at 200 x 200, skin 170 or 210, features 20 or 40 and
// backgrounds 200 or 230 all are; at 300 x 300 half of the variations
// are): it is a fixture for the plumbing, not a measure of accuracy.
struct FaceDrawing {
  int width = 200, height = 200;  // the face fills the picture
  int background = 200;           // grey levels, 0-255
  int skin = 210;
  int features = 40;  // eyes, brows and mouth
  int hair = 40;
  double softness = 2.6;  // the blur's sigma, in 1/400 of the face's width
  double share = 1.0;     // of the picture's width and height the face takes
};

// The drawing's 8-bit grey pixels, row by row (width x height).
std::vector<unsigned char> drawn_face_pixels(const FaceDrawing& drawing);

// A greyscale JPEG of the drawing.
std::string drawn_face_jpeg(const FaceDrawing& drawing, int quality = 90);

// A greyscale JPEG of `width` x `height` 8-bit pixels, row by row.
std::string gray_jpeg(const unsigned char* pixels, int width, int height, int quality = 90);

// A greyscale JPEG of one grey level.
std::string plain_jpeg(int width, int height, int level, int quality = 90);

}  // namespace leakscan::sample
